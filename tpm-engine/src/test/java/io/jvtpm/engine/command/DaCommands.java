package io.jvtpm.engine.command;

import io.jvtpm.engine.object.ObjectAttributes;
import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.DaParameters;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmCap;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmPt;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmWriter;
import java.nio.charset.StandardCharsets;

/**
 * Commands of the dictionary-attack tests (TPM 2.0 Library Part 1, 19.8): an HMAC key whose
 * authorization is checked cheaply by TPM2_HMAC, with or without noDA, and the lockout commands.
 */
public final class DaCommands {
    /** The key's authValue. */
    public static final byte[] KEY_AUTH = "right".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] WRONG = "wrong".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] EMPTY = new byte[0];

    private DaCommands() {
    }

    /** Whether the key is subject to dictionary-attack protection. */
    public enum Protection {
        DA_PROTECTED, NO_DA
    }

    /** TPM2_CreatePrimary of an HMAC-SHA256 key in the owner hierarchy with {@link #KEY_AUTH}. */
    public static byte[] createHmacKey(Protection protection) {
        int attributes = ObjectAttributes.FIXED_TPM | ObjectAttributes.FIXED_PARENT
                | ObjectAttributes.SENSITIVE_DATA_ORIGIN | ObjectAttributes.USER_WITH_AUTH | ObjectAttributes.SIGN
                | (protection == Protection.NO_DA ? ObjectAttributes.NO_DA : 0);
        TpmWriter t = new TpmWriter(64);
        t.u16(TpmAlgId.KEYEDHASH.value()).u16(TpmAlgId.SHA256.value()).u32(attributes).u16(0)
                .u16(TpmAlgId.HMAC.value()).u16(TpmAlgId.SHA256.value()).u16(0);
        return TpmCommands.createPrimary(TpmRh.OWNER, KEY_AUTH, t.toByteArray());
    }

    /** TPM2_HMAC with key {@code handle} authorized by the password {@code password}. */
    public static byte[] hmac(int handle, byte[] password) {
        return CommandBuilder.of(TpmCc.HMAC).handle(handle).auth(AuthCommand.password(password))
                .tpm2b(new byte[] {1, 2, 3}).u16(HashAlgorithm.SHA256.id()).build();
    }

    public static byte[] lockReset(byte[] lockoutAuth) {
        return TpmCommands.dictionaryAttackLockReset(AuthCommand.password(lockoutAuth));
    }

    public static byte[] parameters(int maxTries, int recoveryTime, int lockoutRecovery) {
        return TpmCommands.dictionaryAttackParameters(AuthCommand.emptyPassword(),
                new DaParameters(maxTries, recoveryTime, lockoutRecovery));
    }

    /** GetCapability of TPMA_PERMANENT through TPM_PT_LOCKOUT_RECOVERY. */
    public static byte[] lockoutProperties() {
        return TpmCommands.getCapability(TpmCap.TPM_PROPERTIES, TpmPt.PERMANENT.value(),
                TpmPt.LOCKOUT_RECOVERY.value() - TpmPt.PERMANENT.value() + 1);
    }
}
