package io.jvtpm.crb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.engine.testing.Swtpm;
import io.jvtpm.engine.transport.SwtpmClientBackend;
import io.jvtpm.engine.wire.TpmWire;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CRB device in front of a real swtpm 0.7 / libtpms through SwtpmClientBackend (tests tagged "peer"). */
@Tag("peer")
class CrbSwtpmPeerTest {

    @Test
    void conformanceScriptThroughCrb(@TempDir Path state) throws Exception {
        try (Swtpm swtpm = Swtpm.startTcp(state, Swtpm.Power.STARTED); SwtpmClientBackend tpm = swtpm.connect();
                CrbDevice dev = new CrbDevice(tpm)) {
            dev.reset();
            assertEquals(0xF80, dev.commandBufferSize(), "swtpm's 4096-byte buffer capped to the page");
            CrbConformance.assertConforms(CrbConformance.run(dev));
            assertEquals(0, dev.internalErrors());
        }
    }

    /**
     * Wired as QEMU wires it (unix control socket, data channel by CMD_SET_DATAFD, the buffer set
     * to 3968 before CMD_INIT): SeaBIOS's then Linux's register sequences, every command answered.
     */
    @Test
    void firmwareAndKernelTracesOnSwtpmWiredLikeQemu(@TempDir Path state) throws Exception {
        try (Swtpm swtpm = Swtpm.startControlOnly(state, Swtpm.Power.NEEDS_INIT); SwtpmClientBackend tpm = swtpm.connect();
                CrbDevice dev = new CrbDevice(tpm)) {
            assertEquals(CrbDevice.DATA_BUFFER_MAX, tpm.bufferSize(), "shrunk before power-on");
            tpm.init();
            dev.reset();
            TraceReplay.replayFirmwareThenKernel(dev);
        }
    }

    @Test
    void linuxBootTraceAgainstLibtpms(@TempDir Path state) throws Exception {
        try (Swtpm swtpm = Swtpm.start(state, Swtpm.Power.STARTED); SwtpmClientBackend tpm = swtpm.connect();
                CrbDevice dev = new CrbDevice(tpm)) {
            dev.reset();
            List<byte[]> rsp = TraceReplay.replay(dev, TraceReplay.load("/traces/linux-6.1-kernel-boot.log"),
                    TraceReplay.commands(TraceReplay.KERNEL_COMMANDS).iterator(), Map.of(0x30L, 0x25B11L));
            assertEquals(15, rsp.size());
            for (int i = 0; i < rsp.size(); i++) {
                assertEquals(0, TpmWire.responseCode(rsp.get(i)), "command " + i + " of the kernel's boot");
            }
            assertEquals(27, rsp.get(1).length, "GetCapability(TPM_PROPERTIES, 0x129, 1) as in tpm-commands.txt");
            assertEquals(459, rsp.get(2).length, "GetCapability(COMMANDS, 0x11f, 110) as in tpm-commands.txt");
            assertEquals(62, rsp.get(4).length, "PCR_Read sha256 as in tpm-commands.txt");
            assertEquals(19, rsp.get(14).length, "PCR_Extend as in tpm-commands.txt");
        }
    }
}
