package org.rapaio.jupyter.kernel.channels;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drop-in replacement for rapaio-jupyter-kernel 3.0.1's {@code LoopThread}, placed ahead of the kernel jar on the
 * kernelspec's class path by {@code environment/setup}. It removes the start-up races that hang the kernel
 * ("Kernel didn't respond in 60 seconds") or make it drop the client's first request:
 * <ol>
 *   <li>The original {@code start()} calls {@code super.start()} and only then sets {@code running = true}; when the
 *   new thread reaches {@code while (running)} first, the loop ends at once; when every channel loop ends so, the
 *   kernel process exits ("Kernel died before replying"). Here the flag is set before the thread starts.</li>
 *   <li>{@code Channels.connect} binds the sockets (starting the channel loops) before it installs its message
 *   handlers (after the slow JShell set-up); a {@code kernel_info_request} arriving in between either throws a
 *   {@code NullPointerException} that ended the shell thread for good (the kernel never answers again) or is
 *   dropped as "Unhandled message" (the classic Notebook server then waits 60 s for it). Here a loop does not
 *   serve its socket until the thread that started it has left {@code Channels.connect} (messages wait, queued
 *   in the socket, and are answered once the handlers exist). If a later kernel version renames that method the
 *   gate simply opens at once.</li>
 *   <li>As a last guard, an exception from one pass of the loop body is logged and the loop goes on; only
 *   {@value #MAX_CONSECUTIVE_FAILURES} consecutive failures (a closed socket) end it, as the original did.</li>
 * </ol>
 * Fields, constructor and method signatures of the original class are kept.
 */
public final class LoopThread extends Thread {
    private static final Logger LOGGER = Logger.getLogger(LoopThread.class.getSimpleName());

    /** Consecutive failed passes after which the loop ends (20 passes of the shell loop's 50 ms = 1 s). */
    private static final int MAX_CONSECUTIVE_FAILURES = 20;

    /** Longest wait for {@code Channels.connect} to finish before a loop serves anyway. */
    private static final long CONNECT_WAIT_MILLIS = 120_000;
    private static final String CHANNELS_CLASS = "org.rapaio.jupyter.kernel.channels.Channels";

    private volatile boolean running;
    private volatile Thread starter;
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
        awaitConnected();
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
        starter = Thread.currentThread();
        running = true;          // before the thread exists: the loop cannot observe false at its first check
        try {
            super.start();
        } catch (RuntimeException | Error e) {
            running = false;
            throw e;
        }
    }

    /** Waits while the thread that called {@link #start()} is still inside {@code Channels.connect}. */
    private void awaitConnected() {
        Thread t = starter;
        if (t == null || t == this) {
            return;
        }
        long deadline = System.currentTimeMillis() + CONNECT_WAIT_MILLIS;
        while (running && t.isAlive() && insideConnect(t)) {
            if (System.currentTimeMillis() > deadline) {
                LOGGER.warning(getName() + ": kernel still connecting after " + CONNECT_WAIT_MILLIS + " ms; serving anyway");
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                running = false;
                return;
            }
        }
    }

    private static boolean insideConnect(Thread t) {
        for (StackTraceElement f : t.getStackTrace()) {
            if (CHANNELS_CLASS.equals(f.getClassName()) && "connect".equals(f.getMethodName())) {
                return true;
            }
        }
        return false;
    }

    public void shutdown() {
        running = false;
    }
}
