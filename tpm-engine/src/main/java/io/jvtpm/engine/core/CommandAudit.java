package io.jvtpm.engine.core;

import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;
import java.util.Arrays;

/**
 * Command audit (TPM 2.0 Library Part 1, "Command Audit"; Part 3, 21): the commands to
 * audit, the audit hash algorithm and the audit counter (permanent), and the command audit
 * digest (state-reset data: kept over TPM Restart and Resume, emptied by TPM Reset). After each
 * audited command that succeeds, digest := H(digest || cpHash || rpHash); the first audited
 * command after the digest was emptied starts it at zero and increments the counter.
 * TPM2_SetCommandCodeAuditStatus is audited from manufacture and cannot be cleared;
 * TPM2_Shutdown cannot be audited. A new TPM audits with SHA-512 (as libtpms: its context
 * integrity hash).
 */
public final class CommandAudit {
    /** The largest number of audited commands a state payload may list. */
    private static final int MAX_LISTED = 0x200;

    /** The audited command codes, ascending. */
    private int[] audited;
    private HashAlgorithm hashAlg;
    private long counter;
    /** The command audit digest; empty when no audited command ran since it was emptied. */
    private byte[] digest = new byte[0];
    /** The hash algorithm changed in this command: no audit of it, the digest stays empty. */
    private boolean algChanged;

    CommandAudit(int[] audited, HashAlgorithm hashAlg, long counter) {
        this.audited = audited.clone();
        this.hashAlg = hashAlg;
        this.counter = counter;
    }

    /** A newly manufactured TPM's command audit (CommandAuditPreInstall_Init). */
    static CommandAudit manufactured() {
        return new CommandAudit(new int[] {TpmCc.SET_COMMAND_CODE_AUDIT_STATUS.value()}, HashAlgorithm.SHA512, 0);
    }

    /** True when command {@code cc} is audited. */
    public boolean isAudited(int cc) {
        return Arrays.binarySearch(audited, cc) >= 0;
    }

    /** The audited command codes, ascending. */
    public int[] audited() {
        return audited.clone();
    }

    /** Audits command {@code cc} from now (never TPM2_Shutdown); true when that changed the list. */
    public boolean set(int cc) {
        if (cc == TpmCc.SHUTDOWN.value() || isAudited(cc)) {
            return false;
        }
        int[] a = Arrays.copyOf(audited, audited.length + 1);
        a[a.length - 1] = cc;
        Arrays.sort(a);
        audited = a;
        return true;
    }

    /** Stops auditing command {@code cc} (never TPM2_SetCommandCodeAuditStatus); true when that changed the list. */
    public boolean clear(int cc) {
        int i = Arrays.binarySearch(audited, cc);
        if (i < 0 || cc == TpmCc.SET_COMMAND_CODE_AUDIT_STATUS.value()) {
            return false;
        }
        int[] a = new int[audited.length - 1];
        System.arraycopy(audited, 0, a, 0, i);
        System.arraycopy(audited, i + 1, a, i, a.length - i);
        audited = a;
        return true;
    }

    public HashAlgorithm hashAlg() {
        return hashAlg;
    }

    /**
     * A new audit hash algorithm: the digest is emptied, and the command that changed it is not
     * audited (the next audited command starts a new digest and counts).
     */
    public void hashAlg(HashAlgorithm h) {
        hashAlg = h;
        digest = new byte[0];
        algChanged = true;
    }

    /** The audit counter: how many command audit digests were started. */
    public long counter() {
        return counter;
    }

    /** The command audit digest (empty when none was started since it was last emptied). */
    public byte[] digest() {
        return digest.clone();
    }

    /**
     * Extends the digest with an audited command's {@code cpHash} and {@code rpHash} (both with
     * {@link #hashAlg()}); true when this started a new digest and so incremented the counter,
     * a change of the permanent state.
     */
    public boolean extend(byte[] cpHash, byte[] rpHash) {
        if (algChanged) {
            algChanged = false;
            return false;
        }
        boolean started = digest.length == 0;
        if (started) {
            digest = new byte[hashAlg.digestSize()];
            counter++;
        }
        digest = hashAlg.digest(digest, cpHash, rpHash);
        return started;
    }

    /** TPM2_GetCommandAuditDigest with a signing key, and TPM Reset: the digest is emptied. */
    public void resetDigest() {
        digest = new byte[0];
        algChanged = false;
    }

    /** TPM2_Clear: the audit counter starts over. */
    void clearCounter() {
        counter = 0;
    }

    /** Writes the permanent part: hash algorithm, counter, audited commands. */
    void encode(TpmWriter w) {
        w.u16(hashAlg.id()).u64(counter).u16(audited.length);
        for (int cc : audited) {
            w.u32(cc);
        }
    }

    /** Reads what {@link #encode} wrote; TpmRcException or IllegalArgumentException when malformed. */
    static CommandAudit decode(TpmReader r) {
        HashAlgorithm h = HashAlgorithm.fromId(r.u16());
        long counter = r.u64();
        int n = r.u16();
        if (h == null || n > MAX_LISTED) {
            throw new IllegalArgumentException("bad command audit state");
        }
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.u32();
            if (i > 0 && Integer.compareUnsigned(a[i - 1], a[i]) >= 0) {
                throw new IllegalArgumentException("command audit list out of order");
            }
        }
        return new CommandAudit(a, h, counter);
    }

    /** The digest as state-reset data. */
    void encodeDigest(TpmWriter w) {
        w.tpm2b(digest);
    }

    /** Reads the digest {@link #encodeDigest} wrote; TpmRcException when malformed. */
    static byte[] decodeDigest(TpmReader r) {
        return r.tpm2b(HashAlgorithm.MAX_DIGEST);
    }

    /** TPM Restart or Resume: the digest saved at Shutdown, if it is one of the current algorithm. */
    void restoreDigest(byte[] saved) {
        digest = saved.length == hashAlg.digestSize() ? saved.clone() : new byte[0];
        algChanged = false;
    }
}
