import { useQuery } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from './client';

/** A review round of the 外部評価委員会 (#25): members, items with their rulings, readable opinions. */
export type ExternalReview = Schemas['ExternalReviewDto'];
export type ExternalReviewItem = Schemas['ExternalReviewItemDto'];
export type ExternalReviewSummary = Schemas['ExternalReviewSummaryDto'];
export type ExternalOpinion = Schemas['ExternalOpinionDto'];
export type CreateExternalReviewBody = Schemas['CreateExternalReviewDto'];

export const externalReviewKey = (reviewId: string) => ['external-review', reviewId] as const;

/** The rounds the caller may read (HQ, auditors: the city's; a member: theirs), of a year or all. */
export function useExternalReviews(fiscalYear?: number) {
  return useQuery({
    queryKey: ['external-reviews', fiscalYear ?? 'all'] as const,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/external-reviews', {
          params: { query: fiscalYear ? { fiscalYear } : {} },
        }),
      ),
  });
}

export function useExternalReview(reviewId: string) {
  return useQuery({
    queryKey: externalReviewKey(reviewId),
    queryFn: () => unwrap(api.GET('/api/v1/external-reviews/{reviewId}', { params: { path: { reviewId } } })),
  });
}

export function createExternalReview(body: CreateExternalReviewBody) {
  return unwrap(api.POST('/api/v1/external-reviews', { body }));
}

/** A member's 意見 and 評価区分（案） on one item (a second one replaces the first until ruled). */
export function submitExternalOpinion(
  reviewId: string,
  body: { itemId: string; opinion: string; result: string },
) {
  return unwrap(
    api.POST('/api/v1/external-reviews/{reviewId}/opinions', { params: { path: { reviewId } }, body }),
  );
}

/** The chair's 委員会の評価 on one item: the result and its reason. */
export function recordExternalRuling(
  reviewId: string,
  body: { itemId: string; result: string; reason: string },
) {
  return unwrap(
    api.POST('/api/v1/external-reviews/{reviewId}/rulings', { params: { path: { reviewId } }, body }),
  );
}

/** The users holding external_reviewer (HQ's administrator picks the members from them). */
export function useExternalReviewers(enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'external_reviewer'],
    enabled,
    queryFn: () =>
      unwrap(api.GET('/api/v1/users', { params: { query: { role: 'external_reviewer', limit: 200 } } })),
  });
}
