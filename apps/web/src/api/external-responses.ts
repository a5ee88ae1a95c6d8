import { useQuery } from '@tanstack/react-query';
import { api, asEntered, type Entered, type Schemas, unwrap } from './client';

/** A 市の対応方針 (#25): the committee's ruling on an item, the leader's answer and HQ's chain. */
export type ExternalResponse = Schemas['ExternalResponseDto'];
/** An approved 市の対応方針 of an earlier year, as the item's next cycle carries it. */
export type CarriedResponse = Schemas['CarriedExternalResponseDto'];
/** The leader's submission as typed (the amount as entered: the server names what is wrong). */
export type ExternalResponseBody = Entered<Schemas['ExternalResponseSubmissionDto']>;

export const externalResponseKey = (responseId: string) => ['external-response', responseId] as const;

export function useExternalResponse(responseId: string) {
  return useQuery({
    queryKey: externalResponseKey(responseId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/external-responses/{responseId}', { params: { path: { responseId } } })),
  });
}

export function submitExternalResponse(responseId: string, body: ExternalResponseBody) {
  return unwrap(
    api.POST('/api/v1/external-responses/{responseId}', {
      params: { path: { responseId } },
      body: asEntered(body),
    }),
  );
}

/** 対応方針の実施状況: how the response was carried out, reported in a later year's evaluation. */
export function saveFollowUp(responseId: string, body: { fiscalYear: number; text: string }) {
  return unwrap(
    api.PUT('/api/v1/external-responses/{responseId}/follow-up', { params: { path: { responseId } }, body }),
  );
}
