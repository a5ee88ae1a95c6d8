import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class DirectoryNameDto {
  @ApiProperty({ example: '町田市 職員ディレクトリ' }) ja: string;
  @ApiProperty({ example: 'Machida staff directory' }) en: string;
}

export class SignInProviderDto {
  @ApiProperty({ example: 'machida' }) tenantCode: string;
  @ApiProperty({ example: '町田市' }) tenantName: string;
  @ApiProperty({ type: DirectoryNameDto, description: 'For the button: "sign in with <directoryName>".' })
  directoryName: DirectoryNameDto;
  @ApiProperty({
    example: '/api/v1/auth/oidc/machida/start',
    description: 'Open in the browser (a top-level navigation, not fetch): it redirects to the directory.',
  })
  startUrl: string;
  @ApiProperty({ description: 'Whether this city’s users may also sign in with a password.' })
  passwordSignIn: boolean;
}

export class SignInProvidersDto {
  @ApiProperty({ type: SignInProviderDto, isArray: true }) items: SignInProviderDto[];
}

export class OidcStartQueryDto {
  @ApiPropertyOptional({
    example: '/',
    description:
      'A path of this site to return to after sign-in; the token comes in its fragment (#access_token=…&token_type=Bearer&expires_in=…). Without it the callback answers JSON.',
    maxLength: 512,
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  // Same-site paths only ("/…" but not "//…" or "/\\…"): never an open redirect.
  @Matches(/^\/(?![/\\])[^\s#]*$/, { message: 'returnTo must be a path of this site starting with "/"' })
  returnTo?: string;
}
