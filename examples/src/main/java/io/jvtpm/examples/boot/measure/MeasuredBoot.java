package io.jvtpm.examples.boot.measure;

import io.jvtpm.engine.TpmBackend;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.MalformedResponseException;
import io.jvtpm.engine.wire.PcrSelection;
import io.jvtpm.engine.wire.TaggedHash;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmSu;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher acting as the platform's firmware and boot loader for a direct Linux boot: it
 * starts the TPM, extends what it loads into the PCRs and logs each extend in an {@link EventLog}
 * (TCG PC Client Platform Firmware Profile, sections 3.3.4 PCR usage and 10 event logging).
 *
 * <p>What goes where (in this order), following the profile for the pre-OS part and GRUB's
 * convention (PCR 8 command line, PCR 9 loaded files) for the boot loader part:
 * <ol>
 * <li>PCR 0, EV_S_CRTM_VERSION: the launcher's version string, UCS-2 little-endian with a
 *     terminating NUL; the digest is of those bytes. The launcher is the S-CRTM.</li>
 * <li>PCR 4, EV_IPL: the whole bzImage file (the initial program the platform loads); event
 *     data "Linux bzImage".</li>
 * <li>PCRs 0-7, EV_SEPARATOR: four zero bytes, digest of them: the end of the pre-OS phase.</li>
 * <li>PCR 8, EV_IPL: the digest of the kernel command line as UTF-8 without a NUL (what the
 *     guest's /proc/cmdline shows); event data "kernel_cmdline: " + the command line + NUL, the
 *     form GRUB logs and tpm2_eventlog verifies. Absent when the command line is empty.</li>
 * <li>PCR 9, EV_IPL: the whole initrd file; event data "Linux initrd". Absent without an initrd.</li>
 * </ol>
 */
public final class MeasuredBoot {

    private static final Logger LOG = LoggerFactory.getLogger(MeasuredBoot.class);

    public static final int LOCALITY = 0;
    public static final int PCR_CRTM = 0;
    public static final int PCR_KERNEL = 4;
    public static final int PCR_CMDLINE = 8;
    public static final int PCR_INITRD = 9;
    public static final byte[] SEPARATOR = {0, 0, 0, 0};
    public static final String KERNEL_EVENT = "Linux bzImage";
    public static final String INITRD_EVENT = "Linux initrd";
    public static final String CMDLINE_EVENT_PREFIX = "kernel_cmdline: ";

    /** Images this large (the kernel, the initrd) have their digests kept for the next boot of the run. */
    static final int CACHED_SIZE = 64 * 1024;

    private final TpmBackend tpm;
    private final EventLog log;
    private final DigestCache digests;

    private MeasuredBoot(TpmBackend tpm, EventLog log, DigestCache digests) {
        this.tpm = tpm;
        this.log = log;
        this.digests = digests;
    }

    /**
     * Sends TPM2_Startup(CLEAR) (a TPM already started answers TPM_RC_INITIALIZE, which is
     * fine), reads the active PCR banks, and opens a log of {@code logCapacity} bytes for them.
     *
     * @throws MeasurementException when the TPM refuses or has a bank this launcher cannot hash
     */
    public static MeasuredBoot start(TpmBackend tpm, int logCapacity) throws MeasurementException {
        return start(tpm, logCapacity, new DigestCache());
    }

    /**
     * As {@link #start(TpmBackend, int)}, taking the digests of what it measures from (and
     * leaving them in) {@code digests}.
     */
    public static MeasuredBoot start(TpmBackend tpm, int logCapacity, DigestCache digests) throws MeasurementException {
        TpmResponse started = send(tpm, TpmCommands.startup(TpmSu.CLEAR), "TPM2_Startup(CLEAR)");
        if (!started.ok() && !started.is(TpmRc.INITIALIZE)) {
            throw new MeasurementException(String.format("TPM2_Startup(CLEAR) failed with TPM_RC 0x%03x",
                    started.rc()));
        }
        TpmResponse caps = send(tpm, TpmCommands.getCapabilityPcrs(), "TPM2_GetCapability(TPM_CAP_PCRS)");
        if (!caps.ok()) {
            throw new MeasurementException(String.format(
                    "TPM2_GetCapability(TPM_CAP_PCRS) failed with TPM_RC 0x%03x", caps.rc()));
        }
        List<HashAlgorithm> banks = new ArrayList<>();
        List<PcrSelection> allocation;
        try {
            allocation = caps.capabilityPcrs();
        } catch (MalformedResponseException e) {
            throw new MeasurementException("TPM2_GetCapability(TPM_CAP_PCRS): " + e.getMessage());
        }
        for (PcrSelection s : allocation) {
            if (!s.any()) {
                continue;
            }
            if (s.hash() == null) {
                throw new MeasurementException(String.format(
                        "the TPM has an active PCR bank with algorithm 0x%04x, which the launcher cannot hash",
                        s.alg()));
            }
            banks.add(s.hash());
        }
        if (banks.isEmpty()) {
            throw new MeasurementException("the TPM has no active PCR bank");
        }
        return new MeasuredBoot(tpm, new EventLog(banks, logCapacity), digests);
    }

    /** Sends {@code command} and parses the response header; an answer that is not a response is named. */
    private static TpmResponse send(TpmBackend tpm, byte[] command, String what) throws MeasurementException {
        try {
            return TpmResponse.parse(tpm.execute(LOCALITY, command));
        } catch (MalformedResponseException e) {
            throw new MeasurementException(what + ": " + e.getMessage());
        }
    }

    public EventLog log() {
        return log;
    }

    /**
     * Hashes {@code measured} in every bank, extends {@code pcr} with the digests and logs the
     * event with {@code eventData}.
     */
    public void measure(int pcr, TcgEventType type, byte[] measured, byte[] eventData) throws MeasurementException {
        if (!log.fits(eventData.length)) {
            throw new MeasurementException("event log area is full: cannot log a " + type + " event for PCR " + pcr);
        }
        Map<HashAlgorithm, byte[]> digests = new EnumMap<>(HashAlgorithm.class);
        for (HashAlgorithm a : log.banks()) {
            digests.put(a, measured.length >= CACHED_SIZE ? this.digests.digest(a, measured) : a.digest(measured));
        }
        List<TaggedHash> values = new ArrayList<>(digests.size());
        for (HashAlgorithm a : log.banks()) {
            values.add(new TaggedHash(a, digests.get(a)));
        }
        TpmResponse extended = send(tpm, TpmCommands.pcrExtend(pcr, values), "TPM2_PCR_Extend");
        if (!extended.ok()) {
            throw new MeasurementException(String.format("TPM2_PCR_Extend of PCR %d failed with TPM_RC 0x%03x", pcr,
                    extended.rc()));
        }
        log.append(pcr, type, digests, eventData);
        LOG.debug("measured {} into PCR {}", type, pcr);
    }

    /** The whole direct-boot sequence described in the class comment. */
    public void measureDirectBoot(String launcherVersion, byte[] bzImage, String cmdline, byte[] initrd)
            throws MeasurementException {
        byte[] version = (launcherVersion + "\0").getBytes(StandardCharsets.UTF_16LE);
        measure(PCR_CRTM, TcgEventType.EV_S_CRTM_VERSION, version, version);
        measure(PCR_KERNEL, TcgEventType.EV_IPL, bzImage, KERNEL_EVENT.getBytes(StandardCharsets.US_ASCII));
        for (int pcr = 0; pcr <= 7; pcr++) {
            measure(pcr, TcgEventType.EV_SEPARATOR, SEPARATOR, SEPARATOR);
        }
        if (!cmdline.isEmpty()) {
            measure(PCR_CMDLINE, TcgEventType.EV_IPL, cmdline.getBytes(StandardCharsets.UTF_8),
                    (CMDLINE_EVENT_PREFIX + cmdline + "\0").getBytes(StandardCharsets.UTF_8));
        }
        if (initrd != null && initrd.length > 0) {
            measure(PCR_INITRD, TcgEventType.EV_IPL, initrd, INITRD_EVENT.getBytes(StandardCharsets.US_ASCII));
        }
    }
}
