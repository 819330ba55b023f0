-- One coalesced NOTIFY as an instance sends it (JobChangeNotifier: its own transaction on the realtime pool, outside
-- any write): a payload of about 20 job ids. On a channel no instance listens on, so that no client has to read it.
select pg_notify('bench_notify_ceiling', repeat('0', 777));
