import { useQuery } from '@tanstack/react-query';
import { api, asEntered, type Entered, type Schemas, unwrap } from './client';

/** A 事業検証 round (#26): the team, each item's 検証結果, 方向性, 本部の決定 and budget effect. */
export type VerificationRound = Schemas['VerificationRoundDto'];
export type VerificationItem = Schemas['VerificationItemDto'];
/** The team's findings as typed (the amount as entered: the server names what is wrong). */
export type VerificationFindingsBody = Entered<Schemas['VerificationFindingsDto']>;

export const verificationRoundKey = (roundId: string) => ['verification-round', roundId] as const;

export function useVerificationRound(roundId: string) {
  return useQuery({
    queryKey: verificationRoundKey(roundId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/verification-rounds/{roundId}', { params: { path: { roundId } } })),
  });
}

export function submitVerificationFindings(roundId: string, body: VerificationFindingsBody) {
  return unwrap(
    api.POST('/api/v1/verification-rounds/{roundId}/findings', {
      params: { path: { roundId } },
      body: asEntered(body),
    }),
  );
}

export type VerificationRoundSummary = Schemas['VerificationRoundSummaryDto'];
export type CreateVerificationRoundBody = Entered<Schemas['CreateVerificationRoundDto']>;

export function useVerificationRounds(fiscalYear: number) {
  return useQuery({
    queryKey: ['verification-rounds', fiscalYear],
    queryFn: () => unwrap(api.GET('/api/v1/verification-rounds', { params: { query: { fiscalYear } } })),
  });
}

export function openVerificationRound(body: CreateVerificationRoundBody) {
  return unwrap(api.POST('/api/v1/verification-rounds', { body: asEntered(body) }));
}
