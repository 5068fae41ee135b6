import type { Run } from './run';
import type { IncidentState, TokenState } from './state';

/**
 * Records that something needs a person: the token (if any) waits where it is until `retryIncident`, the
 * server is told through an `incident` effect. The engine never throws for a modelling or data problem.
 */
export function raiseIncident(
  run: Run,
  token: TokenState | null,
  elementId: string,
  message: string,
  retry: IncidentState['retry'],
): IncidentState {
  const incident: IncidentState = {
    id: run.nextId('incident-'),
    elementId,
    tokenId: token?.id ?? null,
    message,
    retry: token ? retry : null,
    at: run.now,
  };
  run.state.incidents.push(incident);
  if (token) token.wait = { kind: 'incident', incidentId: incident.id };
  run.emit({ type: 'incident', incidentId: incident.id, elementId, message });
  return incident;
}

export function dropIncidentsOf(run: Run, tokenId: string): void {
  run.state.incidents = run.state.incidents.filter((incident) => incident.tokenId !== tokenId);
}
