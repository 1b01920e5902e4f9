package io.jvtpm.engine.fuzz;

import io.jvtpm.engine.testing.ClientSession;
import io.jvtpm.engine.testing.EccSalt;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmaSession;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.List;
import java.util.function.Consumer;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The steps the command families share (TPM 2.0 Library Part 3): making, loading and flushing
 * objects, starting sessions (unsalted, salted with the RSA storage key, bound), each recording
 * what it made in the {@link World}.
 */
final class Ops {
    static final int SESSION_HMAC = 0x00;
    static final int SESSION_POLICY = 0x01;
    static final int SESSION_TRIAL = 0x03;

    private Ops() {
    }

    static List<Auth> pw(byte[] password) {
        return List.of(Auth.password(password));
    }

    static List<Auth> empty() {
        return List.of(Auth.empty());
    }

    /** The object's authorization: a password, or an HMAC session when one is live and the dice say so. */
    static List<Auth> user(EngineFuzzer f, int handle) {
        return List.of(authFor(f, handle));
    }

    static Auth authFor(EngineFuzzer f, int handle) {
        byte[] av = f.world.auth(handle);
        List<ClientSession> hmac = f.world.sessions().stream().filter(s -> (s.handle() >>> 24) == 0x02).toList();
        if (!hmac.isEmpty() && f.rnd.nextBoolean()) {
            return Auth.hmac(hmac.get(f.rnd.nextInt(hmac.size())), TpmaSession.CONTINUE_SESSION, av);
        }
        return Auth.password(av);
    }

    /** CreateLoaded under {@code parent}: the new object's handle, its Name and auth recorded. */
    static int createLoaded(EngineFuzzer f, int parent, byte[] userAuth, byte[] data, Consumer<Params> template) {
        Params p = new Params();
        Templates.sensitive(p, userAuth, data);
        p.sized(template);
        Reply r = f.must(f.draft(TpmCc.CREATE_LOADED, new int[] {parent}, user(f, parent), p));
        TpmReader in = r.reader();
        in.tpm2b(4096);
        in.tpm2b(4096);
        f.world.object(r.handle(), in.tpm2b(128), userAuth);
        return r.handle();
    }

    /** Create under {@code parent}: outPrivate and outPublic. */
    static byte[][] create(EngineFuzzer f, int parent, byte[] userAuth, byte[] data, Consumer<Params> template) {
        Params p = new Params();
        Templates.sensitive(p, userAuth, data);
        p.sized(template);
        p.tpm2b(new byte[0]).u32(0);
        Reply r = f.must(f.draft(TpmCc.CREATE, new int[] {parent}, user(f, parent), p));
        TpmReader in = r.reader();
        return new byte[][] {in.tpm2b(4096), in.tpm2b(4096)};
    }

    /** Load of Create's blobs: the handle, Name and auth recorded. */
    static int load(EngineFuzzer f, int parent, byte[][] blobs, byte[] userAuth) {
        Params p = new Params().tpm2b(blobs[0]).tpm2b(blobs[1]);
        Reply r = f.must(f.draft(TpmCc.LOAD, new int[] {parent}, user(f, parent), p));
        f.world.object(r.handle(), r.reader().tpm2b(128), userAuth);
        return r.handle();
    }

    /** CreatePrimary in {@code hierarchy}: the handle, with its Name recorded; the reply for its creation data. */
    static Reply createPrimary(EngineFuzzer f, int hierarchy, byte[] userAuth, Consumer<Params> template) {
        Params p = new Params();
        Templates.sensitive(p, userAuth, new byte[0]);
        p.sized(template);
        p.tpm2b(new byte[0]).u32(0);
        Reply r = f.must(f.draft(TpmCc.CREATE_PRIMARY, new int[] {hierarchy}, pw(f.world.auth(hierarchy)), p));
        TpmReader in = r.reader();
        in.tpm2b(4096);
        in.tpm2b(4096);
        in.tpm2b(128);
        in.u16();
        in.u32();
        in.tpm2b(128);
        f.world.object(r.handle(), in.tpm2b(128), userAuth);
        return r;
    }

    static void flush(EngineFuzzer f, int handle) {
        Reply r = f.send(f.draft(TpmCc.FLUSH_CONTEXT, new int[0], List.of(), new Params().handle(handle)));
        if (r.ok()) {
            f.world.gone(handle);
        }
    }

    /** How a session's salt is sent (Part 1, 19.6.13 and Annex B/C). */
    enum Salt { NONE, RSA, ECC }

    /** A session's parameter encryption (Part 2, TPMT_SYM_DEF). */
    enum SessionCipher { NONE, AES_128, AES_256, XOR }

    /**
     * StartAuthSession: {@code type} HMAC/policy/trial, salted with the RSA or the ECC storage key,
     * bound to {@code bind} (0: unbound), with AES-CFB, XOR or no parameter encryption.
     */
    static ClientSession startSession(EngineFuzzer f, int type, Salt salt, int bind, SessionCipher cipher) {
        byte[] nonceCaller = f.bytes(f.rnd.nextBoolean() ? 16 : 32);
        byte[][] secret = switch (salt) {
            case NONE -> new byte[][] {new byte[0], new byte[0]};
            case RSA -> {
                byte[] v = f.bytes(32);
                yield new byte[][] {v, oaep(f.world.ekModulus, v)};
            }
            case ECC -> {
                EccSalt e = EccSalt.make(f.rnd.nextLong(), f.world.srkX, f.world.srkY);
                yield new byte[][] {e.salt(), e.encryptedSalt()};
            }
        };
        Params p = new Params().tpm2b(nonceCaller).tpm2b(secret[1]).flag(type);
        switch (cipher) {
            case NONE -> p.alg(Templates.NULL_ALG);
            case XOR -> p.alg(0x000A).alg(Templates.SHA256);
            default -> p.alg(Templates.AES).u16(cipher == SessionCipher.AES_128 ? 128 : 256).alg(Templates.CFB);
        }
        p.alg(Templates.SHA256);
        int tpmKey = switch (salt) {
            case NONE -> TpmRh.NULL.value();
            case RSA -> f.world.ek;
            case ECC -> f.world.srk;
        };
        int bound = bind == 0 ? TpmRh.NULL.value() : bind;
        Reply r = f.must(f.draft(TpmCc.START_AUTH_SESSION, new int[] {tpmKey, bound}, List.of(), p));
        if (f.lastMutated()) {
            // the TPM started some session, not necessarily the one asked for: its key is unknown
            throw new EngineFuzzer.Abort();
        }
        int bits = switch (cipher) {
            case AES_128 -> 128;
            case AES_256 -> 256;
            default -> 0;
        };
        ClientSession s = ClientSession.started(r.handle(), HashAlgorithm.SHA256, bits, nonceCaller,
                r.reader().tpm2b(64), secret[0], bind, bind == 0 ? null : f.world.auth(bind));
        if (cipher == SessionCipher.XOR) {
            s = s.withXor();
        }
        f.world.session(s);
        return s;
    }

    /** RSA-OAEP(SHA-256) with the label "SECRET" (Part 1, B.10.3), as a salt is encrypted. */
    static byte[] oaep(byte[] modulus, byte[] secret) {
        try {
            PublicKey k = KeyFactory.getInstance("RSA").generatePublic(
                    new RSAPublicKeySpec(new java.math.BigInteger(1, modulus), java.math.BigInteger.valueOf(65537)));
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
            c.init(Cipher.ENCRYPT_MODE, k, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                    new PSource.PSpecified("SECRET\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
            return c.doFinal(secret);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** TPML_PCR_SELECTION of PCRs {@code mask} (bits 0-23) in the SHA-256 bank. */
    static void pcrSelection(Params p, int mask) {
        p.u32(1).alg(Templates.SHA256).u8(3).u8(mask).u8(mask >>> 8).u8(mask >>> 16);
    }

    /** The public point (x, y) in an ECC TPMT_PUBLIC (Part 2, 12.2.4). */
    static byte[][] eccPoint(byte[] pub) {
        TpmReader in = afterScheme(pub);
        in.u16();
        if (in.u16() != Templates.NULL_ALG) {
            in.u16();
        }
        return new byte[][] {in.tpm2b(66), in.tpm2b(66)};
    }

    /** The modulus in an RSA TPMT_PUBLIC (Part 2, 12.2.4). */
    static byte[] rsaModulus(byte[] pub) {
        TpmReader in = afterScheme(pub);
        in.u16();
        in.u32();
        return in.tpm2b(512);
    }

    /**
     * A reader of an asymmetric key's TPMT_PUBLIC after the parameters the RSA and ECC ones begin
     * with (type, nameAlg, objectAttributes, authPolicy, symmetric, scheme): at keyBits or curveID.
     */
    private static TpmReader afterScheme(byte[] pub) {
        TpmReader in = new TpmReader(pub, 0, pub.length);
        in.u16();
        in.u16();
        in.u32();
        in.tpm2b(64);
        if (in.u16() != Templates.NULL_ALG) {
            in.u16();
            in.u16();
        }
        if (in.u16() != Templates.NULL_ALG) {
            in.u16();
        }
        return in;
    }
}
