package io.jvtpm.engine.object;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jvtpm.engine.crypto.CancelSignal;
import io.jvtpm.engine.crypto.CtrDrbg;
import io.jvtpm.engine.crypto.EccCurve;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.crypto.RandomSource;
import io.jvtpm.engine.crypto.SymCipher;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Protected storage (TPM 2.0 Library Part 1, 22-23): a wrapped sensitive area unwraps only under
 * its parent and for its own Name, and every sampled bit flip of the blob is TPM_RC_INTEGRITY.
 */
class ProtectedStorageTest {
    private static final int STORAGE = ObjectAttributes.FIXED_TPM | ObjectAttributes.FIXED_PARENT
            | ObjectAttributes.SENSITIVE_DATA_ORIGIN | ObjectAttributes.USER_WITH_AUTH | ObjectAttributes.RESTRICTED
            | ObjectAttributes.DECRYPT;

    static RandomSource drbg(String seed) {
        return RandomSource.of(new CtrDrbg(seed.getBytes(StandardCharsets.US_ASCII)));
    }

    static LoadedObject eccParent(String seed) {
        PublicArea t = new PublicArea(ObjectType.ECC, HashAlgorithm.SHA256, STORAGE, new byte[0],
                new PublicParms.Ecc(new SymDef(true, 128, SymCipher.CFB), Scheme.NULL, EccCurve.NIST_P256, Scheme.NULL),
                new byte[0], new byte[0]);
        ObjectFactory.Created c = ObjectFactory.generate(t, new byte[0], new byte[0], drbg(seed), CancelSignal.NEVER);
        return new LoadedObject(c.pub(), c.sensitive(), TpmRh.OWNER.value(), false);
    }

    static LoadedObject sealed(String secret) {
        PublicArea t = new PublicArea(ObjectType.KEYEDHASH, HashAlgorithm.SHA256,
                ObjectAttributes.FIXED_TPM | ObjectAttributes.FIXED_PARENT | ObjectAttributes.USER_WITH_AUTH,
                new byte[0], new PublicParms.KeyedHash(Scheme.NULL, 0), new byte[0], new byte[0]);
        ObjectFactory.Created c = ObjectFactory.generate(t, "pw".getBytes(StandardCharsets.US_ASCII),
                secret.getBytes(StandardCharsets.US_ASCII), drbg("child"), CancelSignal.NEVER);
        return new LoadedObject(c.pub(), c.sensitive(), TpmRh.OWNER.value(), false);
    }

    @Test
    void roundTripUnderTheParent() {
        LoadedObject parent = eccParent("parent");
        LoadedObject child = sealed("the secret");
        byte[] blob = ProtectedStorage.wrap(parent, child.name(), child.sensitive());
        SensitiveArea back = ProtectedStorage.unwrap(parent, child.name(), blob, 1);
        assertArrayEquals(child.sensitive().sensitive(), back.sensitive());
        assertArrayEquals(child.sensitive().authValue(), back.authValue());
        assertArrayEquals(child.sensitive().seedValue(), back.seedValue());
        ObjectFactory.checkBinding(child.publicArea(), back, 2);
    }

    @Test
    void everySampledBitFlipIsAnIntegrityFailure() {
        LoadedObject parent = eccParent("parent");
        LoadedObject child = sealed("the secret");
        byte[] blob = ProtectedStorage.wrap(parent, child.name(), child.sensitive());
        int checked = 0;
        for (int bit = 0; bit < blob.length * 8; bit += 3) {
            byte[] bad = blob.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            TpmRcException e = assertThrows(TpmRcException.class,
                    () -> ProtectedStorage.unwrap(parent, child.name(), bad, 1), "bit " + bit);
            assertEquals(TpmRc.INTEGRITY.param(1), e.rc(), "bit " + bit);
            checked++;
        }
        assertEquals((blob.length * 8 + 2) / 3, checked);
    }

    @Test
    void truncatedAndExtendedBlobsAreIntegrityFailures() {
        LoadedObject parent = eccParent("parent");
        LoadedObject child = sealed("x");
        byte[] blob = ProtectedStorage.wrap(parent, child.name(), child.sensitive());
        for (int len : new int[] {0, 1, 2, 33, 34, blob.length - 1, blob.length + 1}) {
            byte[] b = java.util.Arrays.copyOf(blob, len);
            TpmRcException e = assertThrows(TpmRcException.class,
                    () -> ProtectedStorage.unwrap(parent, child.name(), b, 1), "length " + len);
            assertEquals(TpmRc.INTEGRITY.param(1), e.rc());
        }
    }

    @Test
    void anotherParentOrAnotherNameIsRefused() {
        LoadedObject parent = eccParent("parent");
        LoadedObject other = eccParent("other parent");
        LoadedObject child = sealed("the secret");
        LoadedObject sibling = sealed("another secret");
        byte[] blob = ProtectedStorage.wrap(parent, child.name(), child.sensitive());
        assertEquals(TpmRc.INTEGRITY.param(1), assertThrows(TpmRcException.class,
                () -> ProtectedStorage.unwrap(other, child.name(), blob, 1)).rc());
        assertEquals(TpmRc.INTEGRITY.param(1), assertThrows(TpmRcException.class,
                () -> ProtectedStorage.unwrap(parent, sibling.name(), blob, 1)).rc());
    }

    @Test
    void aPrivateAreaThatDoesNotMatchItsPublicAreaIsABindingFailure() {
        LoadedObject a = sealed("one");
        LoadedObject b = sealed("two");
        assertEquals(TpmRc.BINDING.value(), assertThrows(TpmRcException.class,
                () -> ObjectFactory.checkBinding(a.publicArea(), b.sensitive(), 2)).rc());
    }
}
