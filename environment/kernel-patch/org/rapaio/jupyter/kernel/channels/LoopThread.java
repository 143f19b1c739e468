package org.rapaio.jupyter.kernel.channels;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drop-in replacement for rapaio-jupyter-kernel 3.0.1's {@code LoopThread}, placed ahead of the kernel jar on the
 * kernelspec's class path by {@code environment/setup}. It removes two start-up races that hang the kernel
 * ("Kernel didn't respond in 60 seconds"):
 * <ol>
 *   <li>The original {@code start()} calls {@code super.start()} and only then sets {@code running = true}; when the
 *   new thread reaches {@code while (running)} first, the loop body never runs and the channel is never polled.
 *   Here the flag is set before the thread starts.</li>
 *   <li>{@code Channels.connect} binds the sockets (starting the shell loop) before it installs its message
 *   handlers; a {@code kernel_info_request} that arrives in between makes the shell loop body throw a
 *   {@code NullPointerException}, which ended the shell thread for good. Here an exception from one pass of the
 *   loop body is logged and the loop goes on; jupyter_client repeats its {@code kernel_info_request} every second,
 *   and the next one is answered. Only 20 consecutive failures (a closed socket) end the loop.</li>
 * </ol>
 * Fields, constructor and method signatures are those of the original class.
 */
public final class LoopThread extends Thread {
    private static final Logger LOGGER = Logger.getLogger(LoopThread.class.getSimpleName());

    /** Consecutive failed passes after which the loop ends (20 passes of the shell loop's 50 ms = 1 s). */
    private static final int MAX_CONSECUTIVE_FAILURES = 20;

    private volatile boolean running;
    private final long sleep;
    private final Runnable loopBody;

    public LoopThread(String name, long sleep, Runnable loopBody) {
        super(name);
        this.running = false;
        this.sleep = sleep;
        this.loopBody = loopBody;
    }

    @Override
    public void run() {
        int failures = 0;
        while (running) {
            try {
                loopBody.run();
                failures = 0;
            } catch (RuntimeException e) {
                failures++;
                if (failures >= MAX_CONSECUTIVE_FAILURES) {     // a dead socket, not a race: end as the original did
                    running = false;
                    LOGGER.log(Level.WARNING, getName() + ": channel loop stopped after " + failures
                            + " consecutive failures: " + e);
                    return;
                }
                LOGGER.log(Level.WARNING, getName() + ": one pass of the channel loop failed and was skipped: " + e);
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                running = false;
                return;
            }
        }
    }

    @Override
    public synchronized void start() {
        running = true;          // before the thread exists: the loop cannot observe false at its first check
        try {
            super.start();
        } catch (RuntimeException | Error e) {
            running = false;
            throw e;
        }
    }

    public void shutdown() {
        running = false;
    }
}
