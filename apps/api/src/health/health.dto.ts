import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DependencyHealthDto {
  @ApiProperty()
  up: boolean;
  @ApiProperty({ description: 'Round-trip time of the probe in milliseconds.' })
  latencyMs: number;
  @ApiPropertyOptional({ example: 'Temporal did not answer (UNAVAILABLE)' })
  error?: string;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'] })
  status: 'ok' | 'degraded';
  @ApiProperty({ type: DependencyHealthDto })
  postgres: DependencyHealthDto;
  @ApiProperty({ type: DependencyHealthDto })
  temporal: DependencyHealthDto;
}
