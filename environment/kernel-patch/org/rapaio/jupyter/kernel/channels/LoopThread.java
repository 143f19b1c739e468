package org.rapaio.jupyter.kernel.channels;

/**
 * Drop-in replacement for rapaio-jupyter-kernel 3.0.1's {@code LoopThread}, placed ahead of the kernel jar on the
 * kernelspec's class path by {@code environment/setup}.
 *
 * <p>The original {@code start()} calls {@code super.start()} and only then sets {@code running = true}; when the
 * new thread reaches {@code while (running)} first, the loop body never runs, the shell channel is never polled and
 * the kernel hangs at start-up ("Kernel didn't respond in 60 seconds", about 1 start in 10). Here the flag is set
 * before the thread starts. Fields, constructor and method signatures are identical to the original class.
 */
public final class LoopThread extends Thread {
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
        while (running) {
            loopBody.run();
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
