import { describe, expect, it } from 'vitest';
import { createVideoJobsClient, type UploadMemory } from '../src/index.js';

const PART_SIZE = 4;

interface StoredUpload {
  id: string;
  size: number;
  parts: Map<number, Uint8Array>;
  jobId?: string;
}

/**
 * The service and its store as the SDK sees them: the /api/uploads calls, and part URLs of a store that can be told
 * to fail a part (a dropped connection) or to refuse an expired URL, and that holds at most one part's PUT at a time
 * per part. It records what it was asked.
 */
class FakeService {
  uploads = new Map<string, StoredUpload>();
  started = 0;
  signed: number[][] = [];
  puts: number[] = [];
  completes = 0;
  jobsCreated = 0;
  inFlight = 0;
  maxInFlight = 0;
  dropPart = new Map<number, number>();
  expirePart = new Set<number>();
  dropComplete = 0;
  firstUrls = 2;

  readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input), 'http://service.test');
    const method = init.method ?? 'GET';
    if (url.host === 'store.test') return this.put(url, init);
    const path = url.pathname.split('/').filter(Boolean);
    const body = init.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : {};
    if (method === 'POST' && path.length === 2) {
      const id = `u${++this.started}`;
      const size = body.size as number;
      this.uploads.set(id, { id, size, parts: new Map() });
      const count = Math.ceil(size / PART_SIZE);
      return json(201, { ...this.view(id), parts: this.urls(id, range(1, Math.min(count, this.firstUrls))) });
    }
    const upload = this.uploads.get(path[2] ?? '');
    if (!upload) return json(404, { error_code: 'NOT_FOUND', error_message: 'no upload' });
    if (method === 'GET') return json(200, this.view(upload.id));
    if (path[3] === 'parts') {
      const numbers = body.part_numbers as number[];
      this.signed.push(numbers);
      return json(200, { parts: this.urls(upload.id, numbers) });
    }
    if (path[3] === 'complete') {
      this.completes++;
      const count = Math.ceil(upload.size / PART_SIZE);
      if (range(1, count).some((n) => !upload.parts.has(n))) return json(409, { error_code: 'UPLOAD_INCOMPLETE', error_message: 'parts missing' });
      if (!upload.jobId) {
        upload.jobId = `job-of-${upload.id}`;
        this.jobsCreated++;
      }
      if (this.dropComplete > 0) {
        this.dropComplete--;
        throw new TypeError('network error');
      }
      return json(202, { job_id: upload.jobId, status: 'PENDING' });
    }
    return json(405, {});
  };

  /** The whole file as the store would join it. */
  joined(id: string): number[] {
    const upload = this.uploads.get(id)!;
    return range(1, upload.parts.size).flatMap((n) => [...upload.parts.get(n)!]);
  }

  private async put(url: URL, init: RequestInit): Promise<Response> {
    const [, id, number] = url.pathname.split('/');
    const part = Number(number);
    this.puts.push(part);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if ((this.dropPart.get(part) ?? 0) > 0) {
        this.dropPart.set(part, this.dropPart.get(part)! - 1);
        throw new TypeError('connection reset');
      }
      if (this.expirePart.delete(part)) return new Response('<Error><Code>AccessDenied</Code></Error>', { status: 403 });
      const bytes = new Uint8Array(await (init.body as Blob).arrayBuffer());
      this.uploads.get(id!)!.parts.set(part, bytes);
      return new Response(null, { status: 200, headers: { ETag: `"etag-${part}"` } });
    } finally {
      this.inFlight--;
    }
  }

  private view(id: string) {
    const upload = this.uploads.get(id)!;
    return {
      upload_id: id,
      status: upload.jobId ? 'COMPLETED' : 'UPLOADING',
      size: upload.size,
      part_size: PART_SIZE,
      part_count: Math.ceil(upload.size / PART_SIZE),
      expires_at: new Date(Date.now() + 86_400_000).toISOString(),
      job_id: upload.jobId ?? null,
      parts_done: [...upload.parts.entries()].map(([n, bytes]) => ({ part_number: n, size: bytes.length, etag: `"etag-${n}"` })),
    };
  }

  private urls(id: string, numbers: number[]) {
    const expires = new Date(Date.now() + 30 * 60_000).toISOString();
    return numbers.map((n) => ({ part_number: n, url: `https://store.test/${id}/${n}?X-Amz-Signature=s`, expires_at: expires }));
  }
}

class Memory implements UploadMemory {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

function json(status: number, body: object): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/** A 37-byte file: ten parts of 4 bytes, the last of 1. */
function clip(): File {
  return new File([new Uint8Array(range(1, 37))], 'clip.mp4', { type: 'video/mp4', lastModified: 1 });
}

function client(service: FakeService, memory: UploadMemory | null = null) {
  return createVideoJobsClient({
    baseUrl: 'http://service.test',
    getToken: () => 'token',
    fetch: service.fetch as typeof fetch,
    XMLHttpRequest: undefined,
    WebSocket: undefined,
    window: null,
    document: null,
    uploadMemory: memory,
    uploadTiming: { retryDelayMs: 1, maxRetryDelayMs: 4 },
    random: () => 0.5,
  });
}

describe('uploadJob', () => {
  it('sends every part straight to its URL, at most four at a time, and completes once', async () => {
    const service = new FakeService();
    const job = await client(service).uploadJob(clip(), { stages: ['METADATA_EXTRACTION'] });

    expect(job.job_id).toBe('job-of-u1');
    expect(service.joined('u1')).toEqual(range(1, 37));
    expect(service.puts.sort((a, b) => a - b)).toEqual(range(1, 10));
    expect(service.maxInFlight).toBe(4);
    expect(service.completes).toBe(1);
  });

  it('asks for the URLs of the parts the start did not sign, a batch at a time', async () => {
    const service = new FakeService();
    await client(service).uploadJob(clip());

    expect(service.signed.flat().sort((a, b) => a - b)).toEqual(expect.arrayContaining(range(3, 10)));
    expect(service.signed.length).toBeLessThan(8);
  });

  it('retries a part whose connection dropped, with backoff, and signs an expired URL again', async () => {
    const service = new FakeService();
    service.dropPart.set(3, 2);
    service.expirePart.add(1);
    const job = await client(service).uploadJob(clip());

    expect(job.job_id).toBe('job-of-u1');
    expect(service.puts.filter((n) => n === 3)).toHaveLength(3);
    expect(service.signed.some((numbers) => numbers[0] === 1)).toBe(true);
    expect(service.joined('u1')).toEqual(range(1, 37));
  });

  it('fails after the last try of a part, and the upload is left to resume', async () => {
    const service = new FakeService();
    service.dropPart.set(2, 10);
    await expect(client(service).uploadJob(clip(), {}, { maxAttempts: 3 })).rejects.toMatchObject({ error_code: 'NETWORK_ERROR' });
    expect(service.puts.filter((n) => n === 2)).toHaveLength(3);
    expect(service.completes).toBe(0);
  });

  it('reports progress up to the file size', async () => {
    const service = new FakeService();
    const progress: Array<[number, number]> = [];
    await client(service).uploadJob(clip(), {}, { onProgress: (loaded, total) => progress.push([loaded, total]) });

    expect(progress[0]).toEqual([0, 37]);
    expect(progress[progress.length - 1]).toEqual([37, 37]);
  });

  it('resumes a remembered upload of the same file from the parts the store holds', async () => {
    const service = new FakeService();
    const memory = new Memory();
    service.dropPart.set(6, 100);
    await expect(client(service, memory).uploadJob(clip(), {}, { maxAttempts: 1, concurrency: 1 })).rejects.toBeDefined();
    const before = service.puts.length;
    service.dropPart.clear();

    const job = await client(service, memory).uploadJob(clip());

    expect(service.started).toBe(1);
    expect(job.job_id).toBe('job-of-u1');
    expect(service.puts.slice(before).sort((a, b) => a - b)).toEqual(range(6, 10));
    expect(service.joined('u1')).toEqual(range(1, 37));
    expect(memory.items.size).toBe(0);
  });

  it('a lost answer to complete is asked again and gives the same job, made once', async () => {
    const service = new FakeService();
    service.dropComplete = 1;
    const job = await client(service).uploadJob(clip());

    expect(job.job_id).toBe('job-of-u1');
    expect(service.completes).toBe(2);
    expect(service.jobsCreated).toBe(1);
  });
});

describe('resumeUpload', () => {
  it('goes on with an upload by its id and sends only the missing parts', async () => {
    const service = new FakeService();
    let uploadId = '';
    service.dropPart.set(4, 100);
    await expect(client(service).uploadJob(clip(), {}, {
      maxAttempts: 1,
      concurrency: 1,
      onUploadId: (id) => (uploadId = id),
    })).rejects.toBeDefined();
    service.dropPart.clear();
    const before = service.puts.length;

    const job = await client(service).resumeUpload(clip(), uploadId);

    expect(job.job_id).toBe('job-of-u1');
    expect(service.puts.slice(before).sort((a, b) => a - b)).toEqual(range(4, 10));
  });

  it('answers the job of an upload completed already', async () => {
    const service = new FakeService();
    await client(service).uploadJob(clip());
    const job = await client(service).resumeUpload(clip(), 'u1');

    expect(job.job_id).toBe('job-of-u1');
    expect(service.jobsCreated).toBe(1);
  });
});
