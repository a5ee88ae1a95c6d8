import type { Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 200;

export class PaginationQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @IsOptional()
  @NumberQuery()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @NumberQuery()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

export interface PageWindow {
  limit: number;
  offset: number;
}

function pageWindow(query: PaginationQueryDto): PageWindow {
  return { limit: query.limit ?? 50, offset: query.offset ?? 0 };
}

/**
 * A number in the query string. Unlike `@Type(() => Number)`, an empty or blank value (`?offset=`)
 * is not 0 but NaN, so @IsInt and friends refuse it with a 400.
 */
export function NumberQuery(): PropertyDecorator {
  return Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    return value.trim() === '' ? Number.NaN : Number(value);
  });
}

/** `?mine=true` / `?mine=false`; anything else is a 400 (no silent truthiness of "false"). */
export function BooleanQuery(): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))(target, key);
    IsOptional()(target, key);
    IsBoolean()(target, key);
  };
}

export interface PageResponse<T> extends PageWindow {
  items: T[];
  total: number;
}

/**
 * One page of a list endpoint: the window the query asks for (with its defaults), the repository's
 * rows and total in it, answered as mapped rows plus that window.
 */
export async function loadPage<Row, Dto>(
  query: PaginationQueryDto,
  load: (window: PageWindow) => Promise<{ items: Row[]; total: number }>,
  map: (row: Row) => Dto,
): Promise<PageResponse<Dto>> {
  const window = pageWindow(query);
  const page = await load(window);
  return { items: page.items.map(map), total: page.total, ...window };
}

/**
 * Base class of a paged response DTO: `export class ItemPageDto extends PageOf(ItemSummaryDto) {}`.
 * Swagger needs a concrete decorated class per entry type; the subclass's name is the schema's name.
 */
export function PageOf<T>(entry: ClassType<T>): ClassType<PageResponse<T>> {
  class Page implements PageResponse<T> {
    @ApiProperty({ type: [entry] })
    items: T[];
    @ApiProperty()
    total: number;
    @ApiProperty()
    limit: number;
    @ApiProperty()
    offset: number;
  }
  return Page;
}
