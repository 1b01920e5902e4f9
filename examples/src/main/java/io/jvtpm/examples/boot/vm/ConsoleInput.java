package io.jvtpm.examples.boot.vm;

import io.jvtpm.examples.boot.legacy.Serial8250;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal's input: a daemon thread reads it and feeds the guest's COM1 UART (16550A receive
 * path), except while the host borrows the terminal to ask the operator something (the TCG PPI
 * 1.3 confirmation at reset), when the bytes go to that question instead.
 */
public final class ConsoleInput {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleInput.class);

    private final InputStream in;
    private volatile Serial8250 uart;
    private volatile PipedOutputStream diverted;
    private volatile boolean ended;
    private Thread thread;

    public ConsoleInput(InputStream in) {
        this.in = in;
    }

    /** Starts the reader thread (once). */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(this::pump, "console-input");
        thread.setDaemon(true);
        thread.start();
    }

    /** Sends terminal input to {@code target} (null drops it until a UART exists). */
    public void connect(Serial8250 target) {
        this.uart = target;
    }

    /**
     * Borrows the terminal: input goes to the returned reader until {@link #release()}. When the
     * terminal's input has ended (e.g. /dev/null), the reader is at its end at once: no one can answer.
     */
    public synchronized BufferedReader borrow() throws IOException {
        PipedInputStream sink = new PipedInputStream(4096);
        PipedOutputStream out = new PipedOutputStream(sink);
        if (ended) {
            out.close();
        } else {
            diverted = out;
        }
        return new BufferedReader(new InputStreamReader(sink, StandardCharsets.UTF_8));
    }

    /** Gives the terminal back to the guest. */
    public synchronized void release() {
        PipedOutputStream d = diverted;
        diverted = null;
        if (d != null) {
            try {
                d.close();
            } catch (IOException e) {
                LOG.debug("closing the borrowed terminal: {}", e.getMessage());
            }
        }
    }

    private void pump() {
        try {
            int b;
            while ((b = in.read()) >= 0) {
                PipedOutputStream d = diverted;
                if (d != null) {
                    try {
                        d.write(b);
                        d.flush();
                    } catch (IOException e) {
                        LOG.debug("borrowed terminal closed: {}", e.getMessage());
                    }
                    continue;
                }
                Serial8250 u = uart;
                if (u != null) {
                    u.receive(b);
                }
            }
        } catch (IOException e) {
            LOG.debug("terminal input ended: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                ended = true;
            }
            release();
        }
    }
}
