package io.jvtpm.examples.boot.legacy;

/**
 * Port 0x80, the PC/AT POST diagnostic port (Linux arch/x86 io_delay's default port). Linux writes it as an I/O delay (outb_p); writes are
 * dropped and reads float high, as on a board without a POST card.
 */
public final class PostCodePort implements PortDevice {

    public static final int PORT = 0x80;

    @Override
    public int basePort() {
        return PORT;
    }

    @Override
    public int portCount() {
        return 1;
    }

    @Override
    public long read(long offset, int size) {
        return PortBits.floating(size);
    }

    @Override
    public void write(long offset, int size, long value) {
        // a delay write: nothing to do
    }
}
