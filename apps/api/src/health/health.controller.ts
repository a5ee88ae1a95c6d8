import { Controller, Get, Res } from '@nestjs/common';
import { ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Endpoint } from '../common/auth/endpoint.decorator';
import type { HttpResponse } from '../common/http/request-context';
import { HealthDto } from './health.dto';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Endpoint({
    public: true,
    summary: 'Liveness and readiness: PostgreSQL and Temporal',
    action: { en: 'check the service health', ja: 'ヘルスチェック' },
    description:
      'Not under /api/v1. 200 when PostgreSQL and Temporal both answer, 503 naming the part that does not.',
    ok: HealthDto,
  })
  @ApiServiceUnavailableResponse({ type: HealthDto })
  async check(@Res({ passthrough: true }) res: HttpResponse): Promise<HealthDto> {
    const health = await this.health.check();
    res.status(health.status === 'ok' ? 200 : 503);
    return health;
  }
}
