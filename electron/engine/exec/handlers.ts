/** The terminal's requests and stream, bound to the engine. */
import { RemoteError } from '#shared/protocol';
import type { RequestHandlerTable, StreamHandlerTable } from '../../transport/dispatcher';
import type { Engine } from '../engine';
import { toRemoteError } from '../errors';
import { TerminalSessions } from './session';
import { detectShells } from './shells';

export interface ExecHandlers {
  requests: Pick<RequestHandlerTable, 'exec.shells' | 'exec.input' | 'exec.resize' | 'exec.openLink'>;
  streams: Pick<StreamHandlerTable, 'exec.session'>;
  sessions: TerminalSessions;
}

/** http(s) only: anything else a program prints (javascript:, file:, custom schemes) is not a link for us. */
export function checkedLink(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RemoteError({ code: 'bad-request', message: 'Not a web address.' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RemoteError({ code: 'bad-request', message: `Berth opens only http and https links, not ${url.protocol}` });
  }
  return url;
}

export function execHandlers(engine: Engine, openExternal?: (url: URL) => Promise<void>): ExecHandlers {
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
      'exec.openLink': async ({ url }) => {
        const checked = checkedLink(url);
        if (openExternal) await openExternal(checked);
        return { url: checked.href, opened: Boolean(openExternal) };
      },
    },
    streams: {
      'exec.session': (args, sink) => sessions.open(args, sink),
    },
  };
}
