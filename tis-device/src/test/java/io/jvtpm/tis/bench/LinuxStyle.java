package io.jvtpm.tis.bench;

import io.jvtpm.tis.TisDevice;
import io.jvtpm.tis.register.Access;
import io.jvtpm.tis.register.Sts;

/**
 * One command the way Linux 6.1's tpm_tis_core sends it (see its trace in the reference):
 * request locality 0, STS checks, burstCount, the command byte by byte but the last, Expect
 * check, the last byte, tpmGo, poll STS for dataAvail, the 10-byte header then the rest byte
 * by byte, commandReady, relinquish (PC Client Platform TPM Profile, FIFO protocol).
 */
final class LinuxStyle {
    private LinuxStyle() {
    }

    /** Sends {@code cmd} through {@code d}; returns the response length. */
    static int transmit(TisDevice d, byte[] cmd) {
        d.write(0x000, 1, Access.REQUEST_USE);
        if ((d.read(0x000, 1) & Access.ACTIVE_LOCALITY) == 0) {
            throw new IllegalStateException("locality 0 not granted");
        }
        if ((d.read(0x018, 1) & Sts.COMMAND_READY) == 0) {
            d.write(0x018, 1, Sts.COMMAND_READY);
        }
        long burst = (d.read(0x018, 4) >>> 8) & 0xFFFF;
        if (burst < cmd.length) {
            throw new IllegalStateException("burstCount " + burst);
        }
        for (int i = 0; i < cmd.length - 1; i++) {
            d.write(0x024, 1, cmd[i] & 0xFF);
        }
        if ((d.read(0x018, 1) & (Sts.STS_VALID | Sts.EXPECT)) != (Sts.STS_VALID | Sts.EXPECT)) {
            throw new IllegalStateException("Expect dropped early");
        }
        d.write(0x024, 1, cmd[cmd.length - 1] & 0xFF);
        if ((d.read(0x018, 1) & Sts.EXPECT) != 0) {
            throw new IllegalStateException("Expect still set");
        }
        d.write(0x018, 1, Sts.TPM_GO);
        while ((d.read(0x018, 1) & (Sts.STS_VALID | Sts.DATA_AVAIL)) != (Sts.STS_VALID | Sts.DATA_AVAIL)) {
            Thread.onSpinWait();
        }
        byte[] rsp = new byte[4096];
        int got = 0;
        if (((d.read(0x018, 4) >>> 8) & 0xFFFF) < 10) {
            throw new IllegalStateException("burstCount below the header");
        }
        for (; got < 10; got++) {
            rsp[got] = (byte) d.read(0x024, 1);
        }
        int size = ((rsp[2] & 0xFF) << 24) | ((rsp[3] & 0xFF) << 16) | ((rsp[4] & 0xFF) << 8) | (rsp[5] & 0xFF);
        if (((d.read(0x018, 4) >>> 8) & 0xFFFF) != size - 10) {
            throw new IllegalStateException("burstCount is not the rest of the response");
        }
        for (; got < size; got++) {
            rsp[got] = (byte) d.read(0x024, 1);
        }
        if ((d.read(0x018, 1) & Sts.DATA_AVAIL) != 0) {
            throw new IllegalStateException("dataAvail after the whole response");
        }
        d.write(0x018, 1, Sts.COMMAND_READY);
        d.write(0x000, 1, Access.ACTIVE_LOCALITY);
        return size;
    }
}
