/**
 * Reads an image as `GET /images/{name}/get` streams it (`docker save`'s
 * tar), one entry at a time, never holding it whole: each layer's tar is
 * read as it passes (plain or gzip, told apart by its first bytes) and
 * only its entries' names, sizes, types and a digest of each file's bytes
 * are kept; the small JSON documents (manifest.json, index.json, the image
 * config, OCI manifests) are kept as they are. Both layouts engines write are
 * understood: the legacy one (`<id>/layer.tar`, layers listed by
 * manifest.json, written last) and the OCI image layout newer engines
 * write (`blobs/sha256/<hex>`, found through index.json when manifest.json
 * is absent).
 */
import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { posix } from 'node:path';
import { RemoteError } from '#shared/protocol';
import { loadTar } from '../files/tar';
import { normalisePath, type EntryType, type Layer, type LayerEntry } from './layer-analysis';

/** A JSON document in the archive bigger than this is no manifest or config: it is not kept. */
const MAX_JSON_BYTES = 16 << 20;
/**
 * Slack between the engine's socket and the parser. The engine writes the
 * save stream as it reads its layers from disk, and stops whenever the
 * socket is full: with only the streams' default 16 KB between them, every
 * pause of the parser (a layer's header, a file's hash) stopped the engine
 * too, and the analysis took ~1.9× the raw read of the same stream (profiled
 * with --cpu-prof: Berth's own CPU was a fraction of that, the rest was
 * waiting). A few MB let the socket drain while a layer is parsed; bounded,
 * so main's memory stays flat whatever the image's size.
 */
const SLACK_BYTES = 8 << 20;
const PEEK_BYTES = 512;

export interface ReadArchive {
  readonly layers: readonly Layer[];
  /** The layers' diff ids, bottom first, as the config lists them. */
  readonly diffIds: readonly string[];
  /** Bytes of the archive read. */
  readonly bytes: number;
}

interface HistoryJson {
  created_by?: string;
  empty_layer?: boolean;
}
interface ConfigJson {
  rootfs?: { diff_ids?: string[] };
  history?: HistoryJson[];
}
interface DescriptorJson {
  digest?: string;
  mediaType?: string;
}
interface OciJson {
  mediaType?: string;
  manifests?: DescriptorJson[];
  config?: DescriptorJson;
  layers?: DescriptorJson[];
}
type ManifestJson = Array<{ Config?: string; Layers?: string[] }>;

function entryType(type: string | null | undefined): EntryType {
  switch (type) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'dir';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'link';
    default:
      return 'other';
  }
}

function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}
function isZstd(head: Buffer): boolean {
  return head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528;
}
/** A tar's first header carries "ustar" at 257; an empty tar starts with a zero block. */
function isTar(head: Buffer): boolean {
  if (head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return true;
  return head.length >= PEEK_BYTES && head.subarray(0, PEEK_BYTES).every((byte) => byte === 0);
}
function isJson(head: Buffer): boolean {
  const first = head.toString('utf8', 0, Math.min(head.length, 64)).trimStart()[0];
  return first === '{' || first === '[';
}

/**
 * A digest of a file entry's bytes, fed from its 'data' events: the image's
 * every byte passes here, and an async iteration's promise per chunk showed
 * in the profile (and its garbage in the collector's share).
 */
function digestOf(entry: NodeJS.EventEmitter): Promise<string> {
  return new Promise((resolve, reject) => {
    const digest = createHash('sha1');
    entry.on('data', (chunk: Buffer) => digest.update(chunk));
    entry.on('end', () => resolve(digest.digest('hex')));
    entry.on('error', reject);
  });
}

/** The entries of one layer tar, read from `source` as it streams. */
async function readLayer(source: Readable): Promise<LayerEntry[]> {
  const tar = await loadTar();
  const extract = tar.extract();
  source.on('error', (error) => extract.destroy(error));
  source.pipe(extract);
  const entries: LayerEntry[] = [];
  for await (const entry of extract) {
    const { header } = entry;
    const type = entryType(header.type);
    let hash: string | null = null;
    if (type === 'file') hash = await digestOf(entry);
    else entry.resume();
    entries.push({ path: normalisePath(header.name), size: type === 'file' ? (header.size ?? 0) : 0, type, hash });
  }
  return entries;
}

/** The first bytes of a stream, and a stream of all of it (those bytes included). */
async function peek(stream: AsyncIterable<Buffer>): Promise<{ head: Buffer; whole: Readable }> {
  const iterator = stream[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < PEEK_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(chunks);
  async function* rest(): AsyncGenerator<Buffer> {
    yield head;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { head, whole: Readable.from(rest(), { objectMode: false }) };
}

async function drain(stream: AsyncIterable<Buffer>): Promise<void> {
  for await (const chunk of stream) void chunk;
}

async function collect(stream: AsyncIterable<Buffer>, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    length += chunk.length;
    if (length > limit) {
      await drain(stream);
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function parse<T>(documents: Map<string, Buffer>, name: string | undefined): T | undefined {
  if (name === undefined) return undefined;
  const document = documents.get(name);
  if (document === undefined) return undefined;
  try {
    return JSON.parse(document.toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

const blobPath = (digest: string | undefined): string | undefined => (digest ? `blobs/${digest.replace(':', '/')}` : undefined);

/** The config's name and the layers' names, in order, from manifest.json or the OCI index. */
function layout(documents: Map<string, Buffer>): { config: string | undefined; layers: string[] } | null {
  const manifest = parse<ManifestJson>(documents, 'manifest.json')?.[0];
  if (manifest?.Layers) return { config: manifest.Config, layers: manifest.Layers };
  let node = parse<OciJson>(documents, 'index.json');
  // An index may point at another index (one per platform): follow the first manifest down.
  for (let depth = 0; node && !node.layers && depth < 4; depth += 1) node = parse<OciJson>(documents, blobPath(node.manifests?.[0]?.digest));
  if (!node?.layers) return null;
  return { config: blobPath(node.config?.digest), layers: node.layers.map((l) => blobPath(l.digest) ?? '') };
}

/** Reads a `docker save` stream to its end; rejects with words a user understands when it is not one. */
export async function readImageArchive(archive: Readable): Promise<ReadArchive> {
  const tar = await loadTar();
  const outer = tar.extract();
  let bytes = 0;
  archive.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  archive.on('error', (error) => outer.destroy(error));
  archive.pipe(new PassThrough({ highWaterMark: SLACK_BYTES })).pipe(outer);
  const layers = new Map<string, LayerEntry[]>();
  const documents = new Map<string, Buffer>();
  // Legacy archives write a layer that repeats an earlier one as a symlink to it.
  const aliases = new Map<string, string>();
  for await (const entry of outer) {
    const name = normalisePath(entry.header.name);
    if (entry.header.type === 'symlink' && entry.header.linkname) {
      aliases.set(name, posix.normalize(posix.join(posix.dirname(name), entry.header.linkname)));
      entry.resume();
      continue;
    }
    if (entry.header.type !== 'file') {
      entry.resume();
      continue;
    }
    const { head, whole } = await peek(entry as AsyncIterable<Buffer>);
    if (isZstd(head)) {
      throw new RemoteError({ code: 'engine', message: `Berth cannot read ${name}: its layer is compressed with zstd, which it does not read yet.` });
    }
    if (isGzip(head)) layers.set(name, await readLayer(whole.pipe(createGunzip())));
    else if (isTar(head)) layers.set(name, await readLayer(whole));
    else if (isJson(head)) {
      const document = await collect(whole, MAX_JSON_BYTES);
      if (document) documents.set(name, document);
    } else await drain(whole);
  }
  const found = layout(documents);
  if (found === null) throw new RemoteError({ code: 'engine', message: 'The engine sent an image archive without manifest.json or index.json.' });
  const config = parse<ConfigJson>(documents, found.config) ?? {};
  const diffIds = config.rootfs?.diff_ids ?? [];
  const steps = (config.history ?? []).filter((step) => !step.empty_layer);
  const ordered = found.layers.map((name, index): Layer => {
    const entries = layers.get(aliases.get(name) ?? name);
    if (entries === undefined) throw new RemoteError({ code: 'engine', message: `The engine's image archive lists layer ${name} but does not hold it.` });
    return { digest: diffIds[index] ?? name, createdBy: steps[index]?.created_by ?? '', entries };
  });
  return { layers: ordered, diffIds, bytes };
}
