import { ApiProperty } from '@nestjs/swagger';

/** A text in Japanese and English (task titles, approval steps, rule descriptions). */
export class LocalizedTextDto {
  @ApiProperty({ example: '取組計画の提出' })
  ja: string;
  @ApiProperty({ example: 'Submit the plan' })
  en: string;
}
