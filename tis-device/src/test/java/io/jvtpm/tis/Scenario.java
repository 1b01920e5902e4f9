package io.jvtpm.tis;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TaggedHash;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmWire;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One guest session through a {@link TisDriver}, reduced to what any correct TPM answers the
 * same: response codes, GetRandom lengths, and PCR values after the same extends. Run against
 * different backends or transfers, the transcripts must be equal.
 */
final class Scenario {
    private Scenario() {
    }

    /** Runs the session from {@code locality}; {@code startup} sends TPM2_Startup(CLEAR) first. */
    static List<String> run(TisDriver driver, boolean startup) {
        List<String> transcript = new ArrayList<>();
        driver.requestLocality();
        if (startup) {
            transcript.add("startup rc=" + rc(driver.transmit(TpmCommands.startup(TpmSu.CLEAR))));
        }
        for (int n : new int[] {1, 8, 16, 32}) {
            byte[] rsp = driver.transmit(TpmCommands.getRandom(n));
            transcript.add("getRandom(" + n + ") rc=" + rc(rsp) + " len=" + TpmResponse.parse(rsp).randomBytes().length
                    + " size=" + rsp.length);
        }
        transcript.add("pcrReset(16) rc=" + rc(driver.transmit(TpmCommands.pcrReset(16))));
        for (int i = 0; i < 3; i++) {
            byte[] rsp = driver.transmit(TpmCommands.pcrExtend(16, List.of(new TaggedHash(HashAlgorithm.SHA256, sha256("extend " + i)))));
            transcript.add("pcrExtend(16) rc=" + rc(rsp) + " size=" + rsp.length);
        }
        byte[] read = driver.transmit(TpmCommands.pcrRead(HashAlgorithm.SHA256, 16));
        transcript.add("pcrRead(16) rc=" + rc(read) + " " + HexFormat.of().formatHex(TpmResponse.parse(read).pcrRead().values().get(0)));
        driver.relinquish();
        return transcript;
    }

    /** An interrupt-driven session: its transcript, the interrupts the device raised and those the driver slept on. */
    record InterruptRun(List<String> transcript, int raised, int taken) {
    }

    /**
     * The session from {@code locality} through a TIS on {@code tpm} whose interrupt line the
     * driver waits on (byte transfers, every interrupt enabled).
     */
    static InterruptRun runWithInterrupts(TpmBackend tpm, int locality, boolean startup) {
        Semaphore line = new Semaphore(0);
        AtomicInteger raised = new AtomicInteger();
        TisOptions options = TisOptions.defaults().withInterrupt(up -> {
            if (up) {
                raised.incrementAndGet();
                line.release();
            }
        }, 5);
        try (TisDevice device = new TisDevice(tpm, options)) {
            TisDriver driver = new TisDriver(device, locality, TisDriver.Transfer.BYTE, line);
            driver.requestLocality();
            driver.enableInterrupts();
            driver.relinquish();
            List<String> transcript = run(driver, startup);
            return new InterruptRun(transcript, raised.get(), driver.interruptsTaken);
        }
    }

    /** PCR 16's SHA-256 value after the three extends of {@link #run}, from a reset PCR. */
    static String expectedPcr16() {
        byte[] pcr = new byte[32];
        for (int i = 0; i < 3; i++) {
            pcr = sha256(pcr, sha256("extend " + i));
        }
        return HexFormat.of().formatHex(pcr);
    }

    private static String rc(byte[] rsp) {
        return "0x" + Integer.toHexString(TpmWire.responseCode(rsp));
    }

    static byte[] sha256(String s) {
        return sha256(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
