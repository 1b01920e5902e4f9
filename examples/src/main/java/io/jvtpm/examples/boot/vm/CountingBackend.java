package io.jvtpm.examples.boot.vm;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmWire;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TpmBackend} that counts the guest's TPM commands and, at debug, logs each one's command
 * code and response code (TPM 2.0 Library Part 1, 18.7 and 18.10: the header's commandCode and
 * responseCode); it notes whether the guest's last command was a successful TPM2_Shutdown (Part 3,
 * 9.4), which makes the TPM's next start an orderly one.
 */
final class CountingBackend implements TpmBackend {

    private static final Logger LOG = LoggerFactory.getLogger(CountingBackend.class);

    private final TpmBackend delegate;
    private final AtomicLong commands = new AtomicLong();
    private final long launchNanos;
    private volatile boolean firstSeen;
    private volatile boolean shutDown;

    CountingBackend(TpmBackend delegate, long launchNanos) {
        this.delegate = delegate;
        this.launchNanos = launchNanos;
    }

    /** The commands executed so far. */
    long commands() {
        return commands.get();
    }

    /** Forgets the first command, so the next boot logs its own. */
    void newBoot() {
        firstSeen = false;
        shutDown = false;
    }

    /** True when the guest's last TPM command was a TPM2_Shutdown that succeeded. */
    boolean guestShutDown() {
        return shutDown;
    }

    @Override
    public byte[] execute(int locality, byte[] command) {
        commands.incrementAndGet();
        if (!firstSeen) {
            firstSeen = true;
            LOG.info("the guest's first TPM command came {} ms after launch", (System.nanoTime() - launchNanos) / 1_000_000);
        }
        byte[] response = delegate.execute(locality, command);
        shutDown = headerWord(command) == TpmCc.SHUTDOWN.value() && headerWord(response) == 0;
        if (LOG.isDebugEnabled()) {
            LOG.debug("TPM command 0x{} at locality {}: {} bytes in, response code 0x{}, {} bytes out",
                    Integer.toHexString(headerWord(command)), locality, command.length,
                    Integer.toHexString(headerWord(response)), response.length);
        }
        return response;
    }

    /** Bytes 6-9 of a command or response header (the command or response code), or -1 when too short. */
    static int headerWord(byte[] message) {
        return message == null ? -1 : TpmWire.commandCode(message);
    }

    @Override
    public boolean isQuick(byte[] command) {
        return delegate.isQuick(command);
    }

    @Override
    public void cancel() {
        delegate.cancel();
    }

    @Override
    public boolean isEstablished() {
        return delegate.isEstablished();
    }

    @Override
    public void resetEstablished(int locality) {
        delegate.resetEstablished(locality);
    }

    @Override
    public void init() {
        delegate.init();
    }

    @Override
    public void powerOff() {
        delegate.powerOff();
    }

    @Override
    public int bufferSize() {
        return delegate.bufferSize();
    }

    @Override
    public int setBufferSize(int requested) {
        return delegate.setBufferSize(requested);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
