package io.jvtpm.engine.fuzz;

import io.jvtpm.engine.testing.ClientSession;
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

    /**
     * StartAuthSession: {@code type} HMAC/policy/trial, salted with the RSA storage key when
     * {@code salted}, bound to {@code bind} (0: unbound), AES-128/256-CFB or no symmetric
     * ({@code symBits} 0).
     */
    static ClientSession startSession(EngineFuzzer f, int type, boolean salted, int bind, int symBits) {
        byte[] nonceCaller = f.bytes(f.rnd.nextBoolean() ? 16 : 32);
        byte[] salt = salted ? f.bytes(32) : new byte[0];
        byte[] encryptedSalt = salted ? oaep(f.world.ekModulus, salt) : new byte[0];
        Params p = new Params().tpm2b(nonceCaller).tpm2b(encryptedSalt).flag(type);
        if (symBits == 0) {
            p.alg(Templates.NULL_ALG);
        } else {
            p.alg(Templates.AES).u16(symBits).alg(Templates.CFB);
        }
        p.alg(Templates.SHA256);
        int tpmKey = salted ? f.world.ek : TpmRh.NULL.value();
        int bound = bind == 0 ? TpmRh.NULL.value() : bind;
        Reply r = f.must(f.draft(TpmCc.START_AUTH_SESSION, new int[] {tpmKey, bound}, List.of(), p));
        if (f.lastMutated()) {
            // the TPM started some session, not necessarily the one asked for: its key is unknown
            throw new EngineFuzzer.Abort();
        }
        ClientSession s = ClientSession.started(r.handle(), HashAlgorithm.SHA256, symBits, nonceCaller,
                r.reader().tpm2b(64), salt, bind, bind == 0 ? null : f.world.auth(bind));
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

    /** The modulus in an RSA TPMT_PUBLIC (Part 2, 12.2.4). */
    static byte[] rsaModulus(byte[] pub) {
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
        in.u16();
        in.u32();
        return in.tpm2b(512);
    }
}
