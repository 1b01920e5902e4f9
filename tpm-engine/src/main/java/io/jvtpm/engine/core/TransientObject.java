package io.jvtpm.engine.core;

import io.jvtpm.engine.object.LoadedObject;

/**
 * What a transient object slot holds (TPM 2.0 Library Part 1, 15.4 "Transient Objects" and 32.4
 * "Hash, HMAC and Event Sequences"): a loaded key or data object, or a hash/HMAC/event sequence.
 */
public sealed interface TransientObject permits TransientObject.Key, TransientObject.Sequence {
    /** The authValue a password or HMAC session checks against. */
    byte[] authValue();

    /** A loaded key or data object. */
    record Key(LoadedObject object) implements TransientObject {
        @Override
        public byte[] authValue() {
            return object.authValue();
        }
    }

    /** A hash, HMAC or event sequence object. */
    record Sequence(HashSequence sequence) implements TransientObject {
        @Override
        public byte[] authValue() {
            return sequence.authValue();
        }
    }
}
