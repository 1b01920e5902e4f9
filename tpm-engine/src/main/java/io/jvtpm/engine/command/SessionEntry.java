package io.jvtpm.engine.command;

import io.jvtpm.engine.wire.TpmRh;
import java.util.Arrays;

/**
 * One session of a command's authorization area (TPM 2.0 Library Part 1, 18.6.2; TPMS_AUTH_COMMAND
 * of Part 2, 10.13.2) as the dispatcher parsed it: the session handle, where nonceCaller and the
 * HMAC (or password) lie in the command, the TPMA_SESSION attributes ({@link io.jvtpm.engine.wire.TpmaSession}), and, once authorization
 * settled them, the entity the session authorized ({@link #NO_ENTITY} for none) and the HMAC key of its response.
 */
record SessionEntry(int handle, int nonceOffset, int nonceSize, int attributes, int hmacOffset, int hmacSize,
        int entity, byte[] key) {
    /** The entity of a session that authorizes no handle (no handle has this value). */
    static final int NO_ENTITY = -1;

    /** A parsed session, not yet checked against an entity. */
    static SessionEntry parsed(int handle, int nonceOffset, int nonceSize, int attributes, int hmacOffset,
            int hmacSize, byte[] key) {
        return new SessionEntry(handle, nonceOffset, nonceSize, attributes, hmacOffset, hmacSize, NO_ENTITY, key);
    }

    /** True when the session authorizes a handle, {@link #entity()}. */
    boolean isAssociated() {
        return entity != NO_ENTITY;
    }

    /** True for the password session TPM_RS_PW. */
    boolean isPassword() {
        return handle == TpmRh.RS_PW.value();
    }

    /** True when every bit of {@code attribute} is set. */
    boolean has(int attribute) {
        return (attributes & attribute) == attribute;
    }

    /** nonceCaller, copied out of {@code command}. */
    byte[] nonceCaller(byte[] command) {
        return Arrays.copyOfRange(command, nonceOffset, nonceOffset + nonceSize);
    }

    /** This session after it authorized {@code entityHandle} with HMAC key {@code hmacKey}. */
    SessionEntry authorizing(int entityHandle, byte[] hmacKey) {
        return new SessionEntry(handle, nonceOffset, nonceSize, attributes, hmacOffset, hmacSize, entityHandle,
                hmacKey);
    }

    /** This session with the HMAC key {@code hmacKey} for its response. */
    SessionEntry withKey(byte[] hmacKey) {
        return authorizing(entity, hmacKey);
    }

    /** This session with response attributes {@code attrs} (audit reports auditExclusive). */
    SessionEntry withAttributes(int attrs) {
        return new SessionEntry(handle, nonceOffset, nonceSize, attrs, hmacOffset, hmacSize, entity, key);
    }
}
