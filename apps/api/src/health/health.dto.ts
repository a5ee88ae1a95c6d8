import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DependencyHealthDto {
  @ApiProperty()
  up: boolean;
  @ApiProperty({ description: 'Round-trip time of the probe in milliseconds.' })
  latencyMs: number;
  @ApiPropertyOptional({ example: 'Temporal did not answer (UNAVAILABLE)' })
  error?: string;
}

export class WorkerHealthDto extends DependencyHealthDto {
  @ApiProperty({ description: 'Workers that polled the cycle task queue in the last 90 seconds.' })
  pollers: number;
}

export class ProjectionHealthDto {
  @ApiProperty({
    description:
      'Workflow events PostgreSQL refused or that ran out of retries (failed_projections, unresolved): their cycles’ read model and ledger stopped following the workflow. 0 normally; the worker log names the workflow ids.',
  })
  failed: number;
}

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'] })
  status: 'ok' | 'degraded';
  @ApiProperty({ type: DependencyHealthDto })
  postgres: DependencyHealthDto;
  @ApiProperty({ type: DependencyHealthDto })
  temporal: DependencyHealthDto;
  @ApiProperty({ type: WorkerHealthDto, description: 'Up when at least one worker polls the task queue.' })
  worker: WorkerHealthDto;
  @ApiPropertyOptional({ type: ProjectionHealthDto, description: 'Absent while PostgreSQL does not answer.' })
  projections?: ProjectionHealthDto;
}
