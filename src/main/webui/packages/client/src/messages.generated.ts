// Generated from src/main/resources/META-INF/resources/asyncapi.yaml by scripts/generate-messages.mjs.
// Do not edit: run `npm run generate:types`. The unit test messages.test.ts fails when this file is stale.

/** JOB_UPDATE */
export interface JobUpdateMessage {
  type: "JOB_UPDATE";
  job_id: string;
  data: {
    status: "PENDING" | "PROCESSING" | "COMPLETED" | "FAILED" | "CANCELLED";
    progress_percent: number;
    /** Only when status is FAILED. */
    error_message?: string;
  };
  /** ISO-8601, UTC. */
  timestamp: string;
  /** The job's event sequence number. Logged events have consecutive seqs; a snapshot message carries the seq the snapshot was read at. */
  seq: number;
  /** Present and true on snapshot messages (current state, not a logged change). */
  snapshot?: boolean;
}

/** STAGE_UPDATE */
export interface StageUpdateMessage {
  type: "STAGE_UPDATE";
  job_id: string;
  /** The REST API's Stage (OpenAPI document), which defines this shape. */
  data: {
    stage_id: "METADATA_EXTRACTION" | "THUMBNAIL_GENERATION" | "TRANSCRIPTION" | "CHAPTERS" | "METADATA_GENERATION";
    status: "PENDING" | "PROCESSING" | "COMPLETED" | "FAILED";
    progress_percent: number;
    error_message?: string;
  };
  /** ISO-8601, UTC. */
  timestamp: string;
  /** The job's event sequence number. Logged events have consecutive seqs; a snapshot message carries the seq the snapshot was read at. */
  seq: number;
  /** Present and true on snapshot messages (current state, not a logged change). */
  snapshot?: boolean;
}

/** METADATA_UPDATE */
export interface MetadataUpdateMessage {
  type: "METADATA_UPDATE";
  job_id: string;
  data: {
    metadata_type: "TITLE" | "DESCRIPTION" | "TAGS" | "TRANSCRIPT" | "CHAPTERS";
    /** A string (TITLE, DESCRIPTION), an array of strings (TAGS) or an object (TRANSCRIPT, CHAPTERS). */
    content: unknown;
  };
  /** ISO-8601, UTC. */
  timestamp: string;
  /** The job's event sequence number. Logged events have consecutive seqs; a snapshot message carries the seq the snapshot was read at. */
  seq: number;
  /** Present and true on snapshot messages (current state, not a logged change). */
  snapshot?: boolean;
}

/** THUMBNAIL_GENERATED */
export interface ThumbnailGeneratedMessage {
  type: "THUMBNAIL_GENERATED";
  job_id: string;
  /** The REST API's Thumbnail (OpenAPI document), which defines this shape. */
  data: {
    /** Signed, short-lived path of the JPEG. */
    thumbnail_url: string;
    thumbnail_id: string;
    width: number;
    height: number;
    timestamp_seconds?: number;
  };
  /** ISO-8601, UTC. */
  timestamp: string;
  /** The job's event sequence number. Logged events have consecutive seqs; a snapshot message carries the seq the snapshot was read at. */
  seq: number;
  /** Present and true on snapshot messages (current state, not a logged change). */
  snapshot?: boolean;
}

/** ERROR: About one job (job_id set, with seq when it is a logged processing error) or about the connection (job_id null). The connection stays open. */
export interface ErrorMessage {
  type: "ERROR";
  job_id: string | null;
  seq?: number;
  /** ISO-8601, UTC. */
  timestamp: string;
  data: {
    /** VALIDATION_ERROR, JOB_NOT_FOUND, RATE_LIMITED, TOO_MANY_SUBSCRIPTIONS, TOO_MANY_CONNECTIONS, FORBIDDEN, INTERNAL_ERROR, or a processing error code. */
    error_code: string;
    error_message: string;
    recoverable: boolean;
    affected_stage?: string;
  };
}

/** CONNECTION_ACK: First message on every connection. */
export interface ConnectionAckMessage {
  type: "CONNECTION_ACK";
  job_id: null;
  data: {
    connection_id?: string;
    user_id?: string;
    admin?: boolean;
    heartbeat_interval_seconds?: number;
    max_subscriptions?: number;
    max_job_ids_per_message?: number;
    /** Epoch seconds; the socket closes with 4001 then. */
    token_expires_at?: number;
  };
  /** ISO-8601, UTC. */
  timestamp: string;
}

/** SUBSCRIBED */
export interface SubscribedMessage {
  type: "SUBSCRIBED";
  job_id: null;
  data: {
    job_ids?: Array<string>;
    /** Each is also answered by ERROR JOB_NOT_FOUND. */
    rejected_job_ids?: Array<string>;
  };
  /** ISO-8601, UTC. */
  timestamp: string;
}

/** UNSUBSCRIBED */
export interface UnsubscribedMessage {
  type: "UNSUBSCRIBED";
  job_id: null;
  data: {
    job_ids?: Array<string>;
  };
  /** ISO-8601, UTC. */
  timestamp: string;
}

/** RESYNC_REQUIRED: The events after the requested seq are not kept (or the seq is ahead of the log); a snapshot of the job follows at once. */
export interface ResyncRequiredMessage {
  type: "RESYNC_REQUIRED";
  job_id: string;
  data: {
    requested_since?: number;
    oldest_available_seq?: number | null;
    last_seq?: number;
    reason?: string;
  };
  /** ISO-8601, UTC. */
  timestamp: string;
  /** The job's event sequence number. Logged events have consecutive seqs; a snapshot message carries the seq the snapshot was read at. */
  seq: number;
  /** Present and true on snapshot messages (current state, not a logged change). */
  snapshot?: boolean;
}

/** HEARTBEAT: Sent with a WebSocket ping once per interval_seconds, at a point in the interval that differs between connections. */
export interface HeartbeatMessage {
  type: "HEARTBEAT";
  job_id: null;
  data: {
    interval_seconds?: number;
  };
  /** ISO-8601, UTC. */
  timestamp: string;
}

/** PONG */
export interface PongMessage {
  type: "PONG";
  job_id: null;
  data: {
    server_time_millis?: number;
  };
  /** ISO-8601, UTC. */
  timestamp: string;
}

/** JOB_CREATED: A job the caller created, in creation order. Not part of the job's log: `seq` is the job's seq when it was read, so subscribing with `since` set to it resumes the job without a snapshot. Its `created_at` and `job_id` are the cursor to send back as `after`. A job created up to 2 s (video-jobs.ws.owner-feed-lookback) before the cursor may be announced again after a resume: dedupe by job_id. */
export interface JobCreatedMessage {
  type: "JOB_CREATED";
  job_id: string;
  data: {
    job_id: string;
    owner_id: string;
    status: "PENDING" | "PROCESSING" | "COMPLETED" | "FAILED" | "CANCELLED";
    progress_percent: number;
    /** null for an upload */
    source_url: string | null;
    /** ISO-8601, UTC. */
    created_at: string;
  };
  /** ISO-8601, UTC. */
  timestamp: string;
  /** The job's event sequence number. Logged events have consecutive seqs; a snapshot message carries the seq the snapshot was read at. */
  seq: number;
  /** Present and true on snapshot messages (current state, not a logged change). */
  snapshot?: boolean;
}

/** OWNER_SUBSCRIBED: The feed of the caller's new jobs is live; `cursor` is their newest job now, to resume from if no JOB_CREATED comes before a reconnect. */
export interface OwnerSubscribedMessage {
  type: "OWNER_SUBSCRIBED";
  job_id: null;
  data: {
    owner_id: string;
    cursor: {
      /** ISO-8601, UTC. */
      created_at: string;
      job_id: string;
    } | null;
  };
  /** ISO-8601, UTC. */
  timestamp: string;
}

/** OWNER_UNSUBSCRIBED */
export interface OwnerUnsubscribedMessage {
  type: "OWNER_UNSUBSCRIBED";
  job_id: null;
  data: Record<string, never>;
  /** ISO-8601, UTC. */
  timestamp: string;
}

/** STATS_SUBSCRIBED */
export interface StatsSubscribedMessage {
  type: "STATS_SUBSCRIBED";
  job_id: null;
  data: Record<string, never>;
  /** ISO-8601, UTC. */
  timestamp: string;
}

/** STATS_UNSUBSCRIBED */
export interface StatsUnsubscribedMessage {
  type: "STATS_UNSUBSCRIBED";
  job_id: null;
  data: Record<string, never>;
  /** ISO-8601, UTC. */
  timestamp: string;
}

/** STATS_UPDATE: Every 5 s to admins who sent subscribe_stats. Connection figures are those of the instance the socket is on. */
export interface StatsUpdateMessage {
  type: "STATS_UPDATE";
  job_id: null;
  data: {
    instance_id?: string;
    connections?: number;
    subscriptions?: number;
    stats_subscribers?: number;
    jobs_by_status?: Record<string, number>;
    messages_sent_per_second?: number;
    slow_consumers_closed?: number;
    listener_connected?: boolean;
  };
  /** ISO-8601, UTC. */
  timestamp: string;
}

/** subscribe: Subscribe to jobs; answered by SUBSCRIBED, then per job a snapshot or a replay. */
export interface SubscribeCommand {
  action: "subscribe";
  /** At most video-jobs.ws.max-job-ids-per-message (100) ids; duplicates are ignored. */
  job_ids: Array<string>;
  /** Maps a job id (one of job_ids) to the last seq the client has applied. Those jobs replay every logged event after it instead of a snapshot. */
  since?: Record<string, number>;
}

/** unsubscribe: Stop updates of jobs; answered by UNSUBSCRIBED (also for ids that were not subscribed). */
export interface UnsubscribeCommand {
  action: "unsubscribe";
  /** At most video-jobs.ws.max-job-ids-per-message (100) ids; duplicates are ignored. */
  job_ids: Array<string>;
}

/** subscribe_owner: The caller's own new jobs, wherever they were created (another tab, the REST API, another instance); admins too get only their own. Answered by OWNER_SUBSCRIBED, then a JOB_CREATED per job created after `after` (or, without it, after the subscription). Sending it again replaces the feed. */
export interface SubscribeOwnerCommand {
  action: "subscribe_owner";
  /** A point in the caller's jobs, ordered by creation time then id. */
  after?: {
    /** ISO-8601, UTC. */
    created_at: string;
    job_id: string;
  };
}

/** unsubscribe_owner: Ends the feed of new jobs; answered by OWNER_UNSUBSCRIBED. */
export interface UnsubscribeOwnerCommand {
  action: "unsubscribe_owner";
}

/** ping: Answered by PONG. */
export interface PingCommand {
  action: "ping";
}

/** heartbeat: The reply to a HEARTBEAT. Any client message, or a pong to the server's WebSocket ping, keeps the connection alive. */
export interface HeartbeatReplyCommand {
  action: "heartbeat";
}

/** subscribe_stats: Admins only; answered by STATS_SUBSCRIBED and then STATS_UPDATE every 5 s (others get ERROR FORBIDDEN). */
export interface SubscribeStatsCommand {
  action: "subscribe_stats";
}

/** unsubscribe_stats */
export interface UnsubscribeStatsCommand {
  action: "unsubscribe_stats";
}

/** Every message the server sends on /ws. */
export type ServerMessage =
  | JobUpdateMessage
  | StageUpdateMessage
  | MetadataUpdateMessage
  | ThumbnailGeneratedMessage
  | ErrorMessage
  | ConnectionAckMessage
  | SubscribedMessage
  | UnsubscribedMessage
  | ResyncRequiredMessage
  | HeartbeatMessage
  | PongMessage
  | JobCreatedMessage
  | OwnerSubscribedMessage
  | OwnerUnsubscribedMessage
  | StatsSubscribedMessage
  | StatsUnsubscribedMessage
  | StatsUpdateMessage;

/** Every message a client may send on /ws. */
export type ClientCommand =
  | SubscribeCommand
  | UnsubscribeCommand
  | SubscribeOwnerCommand
  | UnsubscribeOwnerCommand
  | PingCommand
  | HeartbeatReplyCommand
  | SubscribeStatsCommand
  | UnsubscribeStatsCommand;

/** The `type` of every server message, in the order of the AsyncAPI document. */
export const SERVER_MESSAGE_TYPES = ["JOB_UPDATE", "STAGE_UPDATE", "METADATA_UPDATE", "THUMBNAIL_GENERATED", "ERROR", "CONNECTION_ACK", "SUBSCRIBED", "UNSUBSCRIBED", "RESYNC_REQUIRED", "HEARTBEAT", "PONG", "JOB_CREATED", "OWNER_SUBSCRIBED", "OWNER_UNSUBSCRIBED", "STATS_SUBSCRIBED", "STATS_UNSUBSCRIBED", "STATS_UPDATE"] as const;
