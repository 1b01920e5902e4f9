package io.jvtpm.engine.core;

import io.jvtpm.engine.wire.TaggedHash;
import io.jvtpm.engine.wire.TpmRh;

/**
 * The hierarchy state (TPM 2.0 Library Part 1, 13): authValues of the owner, endorsement and
 * lockout (permanent) and platform (cleared at every TPM Reset/Restart) hierarchies with their
 * authPolicy (Part 3, 24.6 SetPrimaryPolicy), their enable flags and their proof values. The lockout state of lockoutAuth is in {@link DictionaryAttack}.
 */
public final class Hierarchies {
    private static final byte[] EMPTY = new byte[0];

    byte[] ownerAuth = EMPTY;
    byte[] endorsementAuth = EMPTY;
    byte[] lockoutAuth = EMPTY;
    byte[] platformAuth = EMPTY;
    byte[] ownerProof;
    byte[] endorsementProof;
    byte[] platformProof;
    boolean shEnable = true;
    boolean ehEnable = true;
    boolean phEnable = true;
    boolean phEnableNV = true;
    boolean disableClear;
    /** The authPolicy of each hierarchy (SetPrimaryPolicy), null for none; platform's is cleared with platformAuth. */
    TaggedHash ownerPolicy;
    TaggedHash endorsementPolicy;
    TaggedHash lockoutPolicy;
    TaggedHash platformPolicy;

    Hierarchies(byte[] ownerProof, byte[] endorsementProof, byte[] platformProof) {
        this.ownerProof = ownerProof;
        this.endorsementProof = endorsementProof;
        this.platformProof = platformProof;
    }

    /** The permanent handle {@code handle} names; TPM_RH_NULL (which no switch here lists) for any other value. */
    private static TpmRh permanent(int handle) {
        TpmRh rh = TpmRh.of(handle);
        return rh == null ? TpmRh.NULL : rh;
    }

    /** The authValue of a hierarchy handle (owner, endorsement, platform, lockout). */
    public byte[] authValue(int handle) {
        return switch (permanent(handle)) {
            case OWNER -> ownerAuth;
            case ENDORSEMENT -> endorsementAuth;
            case PLATFORM -> platformAuth;
            case LOCKOUT -> lockoutAuth;
            default -> EMPTY;
        };
    }

    /** Sets the authValue of a hierarchy handle. */
    public void setAuthValue(int handle, byte[] auth) {
        switch (permanent(handle)) {
            case OWNER -> ownerAuth = auth;
            case ENDORSEMENT -> endorsementAuth = auth;
            case PLATFORM -> platformAuth = auth;
            case LOCKOUT -> lockoutAuth = auth;
            default -> throw new IllegalArgumentException("not a hierarchy: " + Integer.toHexString(handle));
        }
    }

    /** True when the hierarchy of {@code handle} is enabled (lockout is always enabled). */
    public boolean isEnabled(int handle) {
        return switch (permanent(handle)) {
            case OWNER -> shEnable;
            case ENDORSEMENT -> ehEnable;
            case PLATFORM -> phEnable;
            default -> true;
        };
    }

    /** Enables or disables one hierarchy (TPM2_HierarchyControl); PLATFORM_NV sets phEnableNV. */
    public void setEnabled(int handle, boolean on) {
        switch (permanent(handle)) {
            case OWNER -> shEnable = on;
            case ENDORSEMENT -> ehEnable = on;
            case PLATFORM -> phEnable = on;
            case PLATFORM_NV -> phEnableNV = on;
            default -> throw new IllegalArgumentException("not a hierarchy: " + Integer.toHexString(handle));
        }
    }

    /** The authPolicy of a hierarchy handle (owner, endorsement, platform, lockout), null for none. */
    public TaggedHash authPolicy(int handle) {
        return switch (permanent(handle)) {
            case OWNER -> ownerPolicy;
            case ENDORSEMENT -> endorsementPolicy;
            case PLATFORM -> platformPolicy;
            case LOCKOUT -> lockoutPolicy;
            default -> null;
        };
    }

    /** TPM2_SetPrimaryPolicy: the authPolicy of a hierarchy, null for none. */
    public void setAuthPolicy(int handle, TaggedHash policy) {
        switch (permanent(handle)) {
            case OWNER -> ownerPolicy = policy;
            case ENDORSEMENT -> endorsementPolicy = policy;
            case PLATFORM -> platformPolicy = policy;
            case LOCKOUT -> lockoutPolicy = policy;
            default -> throw new IllegalArgumentException("not a hierarchy: " + Integer.toHexString(handle));
        }
    }

    /** The proof value of a hierarchy, or null for TPM_RH_NULL (no tickets). */
    public byte[] proof(int hierarchy) {
        return switch (permanent(hierarchy)) {
            case OWNER -> ownerProof;
            case ENDORSEMENT -> endorsementProof;
            case PLATFORM -> platformProof;
            default -> null;
        };
    }

    public boolean disableClear() {
        return disableClear;
    }

    public void setDisableClear(boolean v) {
        disableClear = v;
    }

    public boolean phEnableNV() {
        return phEnableNV;
    }

    /** TPM2_Clear's effect on hierarchies: owner, endorsement and lockout auth empty, new owner proof. */
    void clear(byte[] newOwnerProof, byte[] newEndorsementProof) {
        ownerAuth = EMPTY;
        endorsementAuth = EMPTY;
        lockoutAuth = EMPTY;
        ownerPolicy = null;
        endorsementPolicy = null;
        lockoutPolicy = null;
        ownerProof = newOwnerProof;
        endorsementProof = newEndorsementProof;
        shEnable = true;
        ehEnable = true;
    }

    /** A new proof for the endorsement or platform hierarchy (ChangeEPS/ChangePPS). */
    public void changeProof(int hierarchy, byte[] proof) {
        switch (permanent(hierarchy)) {
            case ENDORSEMENT -> {
                endorsementProof = proof;
                endorsementPolicy = null;
            }
            case PLATFORM -> {
                platformProof = proof;
                platformPolicy = null;
            }
            default -> throw new IllegalArgumentException("not endorsement/platform: " + Integer.toHexString(hierarchy));
        }
    }

    /** Startup(CLEAR)'s effect: platform auth empty, all hierarchies enabled. */
    void startupClear() {
        platformAuth = EMPTY;
        platformPolicy = null;
        shEnable = true;
        ehEnable = true;
        phEnable = true;
    }

    static boolean isHierarchy(int handle) {
        return handle == TpmRh.OWNER.value() || handle == TpmRh.ENDORSEMENT.value()
                || handle == TpmRh.PLATFORM.value() || handle == TpmRh.LOCKOUT.value();
    }
}
