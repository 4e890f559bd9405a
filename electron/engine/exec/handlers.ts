/** The terminal's requests and stream, bound to the engine. */
import { RemoteError } from '#shared/protocol';
import type { RequestHandlerTable, StreamHandlerTable } from '#shared/handlers';
import type { Engine } from '../engine';
import { toRemoteError } from '../errors';
import { openConfirmedLink, type OpenExternal } from './links';
import { TerminalSessions } from './session';
import { detectShells } from './shells';

export interface ExecHandlers {
  requests: Pick<RequestHandlerTable, 'exec.shells' | 'exec.input' | 'exec.resize' | 'exec.openLink'>;
  streams: Pick<StreamHandlerTable, 'exec.session'>;
  sessions: TerminalSessions;
}

export function execHandlers(engine: Engine, openExternal?: OpenExternal): ExecHandlers {
  const sessions = new TerminalSessions(engine);
  return {
    sessions,
    requests: {
      'exec.shells': async ({ id }) => {
        let docker;
        try {
          docker = engine.client();
        } catch (error) {
          throw new RemoteError({ code: 'unavailable', message: (error as Error).message });
        }
        try {
          return await detectShells(docker, id);
        } catch (error) {
          throw toRemoteError('Could not look for shells', error);
        }
      },
      'exec.input': async ({ session, data }) => {
        sessions.get(session).write(data);
        return null;
      },
      'exec.resize': async ({ session, cols, rows }) => {
        await sessions.get(session).resize(cols, rows);
        return null;
      },
      'exec.openLink': (args) => openConfirmedLink(args, openExternal),
    },
    streams: {
      'exec.session': (args, sink) => sessions.open(args, sink),
    },
  };
}
