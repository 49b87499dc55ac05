/// The statements the broker prepares on each connection, named once here.
enum Statements {
    /// Counters are read clamped at 0: a change to a counter never written is stored as it is.
    static let counter = PGStatement("counter", "SELECT greatest(value, 0) FROM qctl.counters WHERE name = $1")
    static let counters = PGStatement("counters", "SELECT name, greatest(value, 0) FROM qctl.counters")
    /// Rows are inserted, and so locked, in the order given (the caller sorts by name).
    static let addCounters = PGStatement("add_counters", """
        INSERT INTO qctl.counters (name, value)
        SELECT n, d FROM unnest($1::text[], $2::int8[]) WITH ORDINALITY AS t(n, d, o) ORDER BY o
        ON CONFLICT (name) DO UPDATE SET value = greatest(qctl.counters.value, 0) + excluded.value
        """)
    static let enqueue = PGStatement("enqueue", """
        INSERT INTO qctl.queue (seq, cluster, grp, id, attempts, message)
        SELECT nextval('\(PostgreSQLSchema.queueSequence)'), c, g, i, 0, m
        FROM (SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::bytea[]) WITH ORDINALITY AS t(c, g, i, m, o) ORDER BY o) AS ordered
        """)
    /// ``enqueue``, ``putNames``, ``addCounters`` and ``notify`` in one statement, for tasks
    /// that wait for nothing (a statement outside a transaction block commits on its own). Its
    /// parts run in no set order; a counter row locked before a name row may meet a
    /// transaction that locked them the other way, a deadlock the broker retries.
    static let enqueueAlone = PGStatement("enqueue_alone", """
        WITH queued AS (
            INSERT INTO qctl.queue (seq, cluster, grp, id, attempts, message)
            SELECT nextval('\(PostgreSQLSchema.queueSequence)'), c, g, i, 0, m
            FROM (SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::bytea[]) WITH ORDINALITY AS t(c, g, i, m, o) ORDER BY o) AS ordered
            RETURNING 1),
        named AS (
            INSERT INTO qctl.names (name, id) SELECT * FROM unnest($5::bytea[], $6::bytea[])
            ON CONFLICT (name) DO UPDATE SET id = excluded.id WHERE qctl.names.id < excluded.id RETURNING 1),
        counted AS (
            INSERT INTO qctl.counters (name, value)
            SELECT n, d FROM unnest($7::text[], $8::int8[]) WITH ORDINALITY AS t(n, d, o) ORDER BY o
            ON CONFLICT (name) DO UPDATE SET value = greatest(qctl.counters.value, 0) + excluded.value RETURNING 1),
        woken AS (SELECT pg_notify(c, '') FROM unnest($9::text[]) AS c)
        SELECT (SELECT count(*) FROM queued), (SELECT count(*) FROM named), (SELECT count(*) FROM counted), (SELECT count(*) FROM woken)
        """)
    /// One task of ``enqueueAlone``'s kind. It checks the schema's version by naming the
    /// queue's sequence, which carries the version in its name
    /// (``PostgreSQLSchema/queueSequence``): with another version it fails as an undefined
    /// table, and writes nothing. Scalar parameters and no arrays: a new connection's first
    /// statement pays for every relation, function and type it names.
    static let enqueueOne = PGStatement("enqueue_one", enqueueOneSQL(naming: false))
    /// ``enqueueOne`` with a name ($8).
    static let enqueueOneNamed = PGStatement("enqueue_one_named", enqueueOneSQL(naming: true))
    private static func enqueueOneSQL(naming: Bool) -> String {
        let named = """
            ,
            named AS (
                INSERT INTO qctl.names (name, id) VALUES ($8, $3)
                ON CONFLICT (name) DO UPDATE SET id = excluded.id WHERE qctl.names.id < excluded.id)
            """
        return """
            WITH queued AS (
                INSERT INTO qctl.queue (seq, cluster, grp, id, attempts, message)
                VALUES (nextval('\(PostgreSQLSchema.queueSequence)'), $1, $2, $3, 0, $4)),
            counted AS (
                INSERT INTO qctl.counters (name, value) VALUES ($5, 1), ($6, 1)
                ON CONFLICT (name) DO UPDATE SET value = greatest(qctl.counters.value, 0) + excluded.value)\(naming ? named : "")
            SELECT pg_notify($7, '')
            """
    }
    /// A name points at the newest task of that name: ids (storage keys) sort by creation.
    static let putNames = PGStatement("put_names", """
        INSERT INTO qctl.names (name, id) SELECT * FROM unnest($1::bytea[], $2::bytea[])
        ON CONFLICT (name) DO UPDATE SET id = excluded.id WHERE qctl.names.id < excluded.id
        """)
    static let forgetNames = PGStatement("forget_names", "DELETE FROM qctl.names WHERE id = ANY($1::bytea[])")
    static let notify = PGStatement("notify", "SELECT pg_notify(c, '') FROM unnest($1::text[]) AS c")
    /// Takes up to $2 tasks from the front of a cluster's queue, skipping rows another host is
    /// taking, and leases them all in the same statement; one whose signature then fails is
    /// taken out of the leases again (``endLeases``). `= ANY(ARRAY(…))` makes the delete an
    /// index look-up of the rows taken in any plan: with `IN`, custom plans join them (a third
    /// more to plan and run) and a generic plan scans the whole queue.
    static let takeAndLease = PGStatement("take_and_lease", """
        WITH taken AS (
            DELETE FROM qctl.queue WHERE seq = ANY(ARRAY(
                SELECT seq FROM qctl.queue WHERE cluster = $1 AND NOT EXISTS (SELECT 1 FROM qctl.paused WHERE cluster = $1)
                ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED))
            RETURNING seq, id, attempts, message, grp),
        leased AS (
            INSERT INTO qctl.leases (id, cluster, grp, seq, attempt, deadline, leased_at, message)
            SELECT id, $1, grp, seq, attempts + 1, $3, $4, message FROM taken RETURNING 1)
        SELECT seq, id, attempts, message, grp, (SELECT count(*) FROM leased) FROM taken
        """)
    /// What recording results ends, in one statement: the kill requests of the results' tasks
    /// ($2), taken ('k', id); the leases and any queue entries of the final ones ($1) and the
    /// killed ones, ended ('l' or 'q', id, cluster); the results stored earlier for the tasks
    /// ($2), deleted as the new ones take their place ('s' or 'f', id, cluster); and whether a
    /// task waits for one of them ('d'). A task is queued or leased, never both (both moves are one statement or
    /// transaction), so only the tasks without a lease are looked for in the queue.
    static let endTasks = PGStatement("end_tasks", """
        WITH killed AS (DELETE FROM qctl.kills WHERE id = ANY($2::bytea[]) RETURNING id),
             ending AS (SELECT unnest($1::bytea[]) AS id UNION SELECT id FROM killed),
             leases AS (DELETE FROM qctl.leases WHERE id IN (SELECT id FROM ending) RETURNING id, cluster),
             queued AS (DELETE FROM qctl.queue WHERE id IN (SELECT id FROM ending EXCEPT SELECT id FROM leases) RETURNING id, cluster),
             replaced AS (DELETE FROM qctl.results WHERE id = ANY($2::bytea[]) RETURNING id, success, cluster)
        SELECT 'k', id, '' FROM killed
        UNION ALL SELECT 'l', id, cluster FROM leases
        UNION ALL SELECT 'q', id, cluster FROM queued
        UNION ALL SELECT CASE WHEN success THEN 's' ELSE 'f' END, id, cluster FROM replaced
        UNION ALL (SELECT 'd', ''::bytea, '' FROM qctl.dependants WHERE task IN (SELECT id FROM ending) LIMIT 1)
        """)
    static let takeKills = PGStatement("take_kills", "DELETE FROM qctl.kills WHERE id = ANY($1::bytea[]) RETURNING id")
    static let endLeases = PGStatement("end_leases", "DELETE FROM qctl.leases WHERE id = ANY($1::bytea[]) RETURNING cluster")
    static let endQueued = PGStatement("end_queued", "DELETE FROM qctl.queue WHERE id = ANY($1::bytea[]) RETURNING cluster")
    static let retryAt = PGStatement("retry_at", """
        UPDATE qctl.leases AS l SET deadline = t.d FROM unnest($1::bytea[], $2::int8[], $3::int8[]) AS t(i, a, d)
        WHERE l.id = t.i AND l.attempt = t.a
        """)
    /// Stores results; the caller has taken out the earlier results of their tasks
    /// (``endTasks`` or ``dropResults``), so that the rows returned are what it stores. When
    /// two hosts record a task at the same moment, the first to commit keeps its result and the
    /// other stores nothing: otherwise a result would be stored without being counted.
    static let putResults = PGStatement("put_results", """
        INSERT INTO qctl.results (id, cluster, grp, success, stopped_at, result)
        SELECT i, c, g, s <> 0, t, r FROM unnest($1::bytea[], $2::text[], $3::text[], $4::int8[], $5::int8[], $6::bytea[]) AS u(i, c, g, s, t, r)
        ON CONFLICT (id) DO NOTHING RETURNING success, cluster
        """)
    static let dropResults = PGStatement("drop_results", "DELETE FROM qctl.results WHERE id = ANY($1::bytea[]) RETURNING success, cluster")
    /// Deletes the oldest successes beyond the newest $1, as many as the stored counts
    /// (``CounterName/saved(_:_:)`` of every cluster's successes) and the change this transaction has
    /// yet to add to them ($2) say are too many: it reads the rows it deletes (and the dead
    /// index entries before them that no vacuum removed yet), where finding the newest $1 would
    /// read $1 rows at every commit. `= ANY(ARRAY(…))` deletes by index look-up (see
    /// ``takeAndLease``). Returns how many it deleted of each cluster.
    static let prune = PGStatement("prune", """
        WITH gone AS (
                 DELETE FROM qctl.results WHERE id = ANY(ARRAY(
                     SELECT id FROM qctl.results WHERE success ORDER BY stopped_at, id
                     LIMIT greatest(coalesce((SELECT sum(value) FROM qctl.counters WHERE name LIKE '\(CounterName.savedSuccessesPrefix)%'), 0)::int8
                                    + $2 - $1, 0)))
                 RETURNING id, cluster),
             forgotten AS (DELETE FROM qctl.names WHERE id = ANY(ARRAY(SELECT id FROM gone)))
        SELECT cluster, count(*) FROM gone GROUP BY cluster
        """)
    static let dependantsOf = PGStatement("dependants_of", "SELECT task, dependant FROM qctl.dependants WHERE task = ANY($1::bytea[])")
    static let moveDeadlines = PGStatement("move_deadlines", """
        UPDATE qctl.leases AS l SET deadline = t.t FROM unnest($1::bytea[], $2::int8[], $3::int8[]) AS t(i, f, t)
        WHERE l.id = t.i AND l.deadline = t.f RETURNING l.id
        """)
    static let expired = PGStatement("expired", """
        SELECT id, seq, attempt, leased_at, message, grp FROM qctl.leases WHERE cluster = $1 AND deadline <= $2
        ORDER BY seq FOR UPDATE SKIP LOCKED
        """)
    static let unstarted = PGStatement("unstarted", """
        DELETE FROM qctl.leases WHERE id = ANY($1::bytea[]) RETURNING id, cluster, seq, attempt, message, grp
        """)
    static let putBack = PGStatement("put_back", """
        INSERT INTO qctl.queue (seq, cluster, grp, id, attempts, message)
        SELECT s, c, g, i, a, m FROM unnest($1::int8[], $2::text[], $3::text[], $4::bytea[], $5::int8[], $6::bytea[]) AS t(s, c, g, i, a, m)
        """)
    static let hasQueued = PGStatement("has_queued", """
        SELECT EXISTS (SELECT 1 FROM qctl.queue WHERE cluster = $1) AND NOT EXISTS (SELECT 1 FROM qctl.paused WHERE cluster = $1)
        """)
    static let hasExpired = PGStatement("has_expired", "SELECT EXISTS (SELECT 1 FROM qctl.leases WHERE cluster = $1 AND deadline <= $2)")
    static let result = PGStatement("result", "SELECT result FROM qctl.results WHERE id = $1")
    /// Where a task is: 1 leased, 2 queued, 3 waiting, 4 a result; a leased task may have a result too.
    static let status = PGStatement("status", """
        SELECT 1, attempt, deadline, leased_at, message, cluster FROM qctl.leases WHERE id = $1
        UNION ALL SELECT 2, attempts, 0, 0, message, cluster FROM qctl.queue WHERE id = $1
        UNION ALL SELECT 3, 0, 0, 0, message, cluster FROM qctl.waiting WHERE id = $1
        UNION ALL SELECT 4, 0, 0, 0, result, cluster FROM qctl.results WHERE id = $1
        """)
    static let pendingDependencies = PGStatement("pending_dependencies", "SELECT task FROM qctl.dependants WHERE dependant = $1")
    static let nameLookup = PGStatement("name_lookup", "SELECT id FROM qctl.names WHERE name = $1")
    static let putWaiting = PGStatement("put_waiting", "INSERT INTO qctl.waiting (id, cluster, grp, message) VALUES ($1, $2, $3, $4)")
    static let putDependants = PGStatement("put_dependants", """
        INSERT INTO qctl.dependants (task, dependant) SELECT t, $2 FROM unnest($1::bytea[]) AS t ON CONFLICT DO NOTHING
        """)
    static let removeWaiting = PGStatement("remove_waiting", "DELETE FROM qctl.waiting WHERE id = $1 RETURNING message")
    static let removeDependants = PGStatement("remove_dependants", "DELETE FROM qctl.dependants WHERE dependant = $1")
    static let removeDependant = PGStatement("remove_dependant", "DELETE FROM qctl.dependants WHERE task = $1 AND dependant = $2")
    static let waitingEntry = PGStatement("waiting_entry", "SELECT message, cluster FROM qctl.waiting WHERE id = $1")
}
