import type { JobMessage } from '@video-jobs/client';

/** Every logged event of the job: seq, type and time, newest last. */
export function EventTimeline({ events }: { events: JobMessage[] }) {
  return (
    <section aria-labelledby="events-heading">
      <h2 id="events-heading">Events ({events.length})</h2>
      <div className="table-scroll">
        <table className="events">
          <thead><tr><th scope="col">seq</th><th scope="col">type</th><th scope="col">time</th></tr></thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.seq}>
                <td>{event.seq}</td>
                <td>{event.type}</td>
                <td><time dateTime={event.timestamp}>{new Date(event.timestamp).toLocaleTimeString()}</time></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
