package io.prochat.rtc.sfu.room;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room's control "thread" without a thread of its own: tasks run one at a time, in the order given, on a pool
 * shared by all rooms. At most one pool thread runs this executor's tasks at any moment, and each run happens-after
 * the previous one (the {@code scheduled} flag hands over), so room state keeps a single writer while rooms progress
 * in parallel. After {@link #BATCH} tasks a run gives its pool thread back, so a busy room does not starve the others.
 *
 * <p>Tasks given to {@link #executeFirst} run before the plain ones still queued (in their own order): an answer is
 * cheap and is what starts forwarding to its sender, while a join waiting before it costs milliseconds of transport
 * setup each; in a burst of joins, answers waited behind all of them (docs/benchmarks.md, join phases).
 */
final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
    static final int BATCH = 64;

    private final Executor pool;
    private final String name;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Queue<Runnable> first = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Thread runner;

    SerialExecutor(Executor pool, String name) {
        this.pool = pool;
        this.name = name;
    }

    /** @throws RejectedExecutionException when the pool is shut down */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    /** As {@link #execute}, ahead of the plain tasks queued (see the class comment). */
    void executeFirst(Runnable task) {
        first.add(task);
        schedule();
    }

    /** Is the calling thread running one of this executor's tasks now? */
    boolean isCurrent() {
        return runner == Thread.currentThread();
    }

    /** No task waits behind the one running (a burst of operations is over). */
    boolean drained() {
        return tasks.isEmpty() && first.isEmpty();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                pool.execute(this::run);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                tasks.clear();
                first.clear();
                throw e;
            }
        }
    }

    private void run() {
        runner = Thread.currentThread();
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable task = first.poll();
                if (task == null) {
                    task = tasks.poll();
                }
                if (task == null) {
                    break;
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("{}: a task failed", name, e);
                }
            }
        } finally {
            runner = null;
            scheduled.set(false);
        }
        if (!tasks.isEmpty() || !first.isEmpty()) {
            try {
                schedule(); // the rest after other rooms' turns; also catches a task added while we finished
            } catch (RejectedExecutionException e) {
                LOG.debug("{}: pool shut down, {} tasks dropped", name, tasks.size() + first.size());
            }
        }
    }
}
