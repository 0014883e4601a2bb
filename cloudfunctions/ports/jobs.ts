/**
 * Background work that outlives the call that started it (a large batch's export). Locally it runs in
 * the same process after the reply; on CloudBase the function invokes itself asynchronously with the
 * job's id. The job's state lives in the database, so any instance can report its progress.
 */
export interface Jobs {
  enqueue(job: { kind: 'export'; id: string }): Promise<void>;
}
