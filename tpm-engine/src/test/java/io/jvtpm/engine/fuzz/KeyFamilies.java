package io.jvtpm.engine.fuzz;

import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmRh;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * Valid sequences of the object families (TPM 2.0 Library Part 3, 12 objects, 18 attestation,
 * 14 asymmetric, 15 symmetric, 20 signing): make, load, read, re-authorize, persist and flush
 * keys; sign and verify; encrypt and decrypt and check the round trip; quote, certify and
 * activate a credential.
 */
final class KeyFamilies {
    private static final int OWNER = TpmRh.OWNER.value();
    private static final int NULL = TpmRh.NULL.value();

    private KeyFamilies() {
    }

    static List<EngineFuzzer.Family> all() {
        return List.of(
                new EngineFuzzer.Family("keys", 6, KeyFamilies::keys),
                new EngineFuzzer.Family("external", 3, KeyFamilies::external),
                new EngineFuzzer.Family("signing", 6, KeyFamilies::signing),
                new EngineFuzzer.Family("rsa", 2, KeyFamilies::rsa),
                new EngineFuzzer.Family("symmetric", 4, KeyFamilies::symmetric),
                new EngineFuzzer.Family("ecc", 2, KeyFamilies::ecc),
                new EngineFuzzer.Family("attestation", 3, KeyFamilies::attestation),
                new EngineFuzzer.Family("credential", 2, KeyFamilies::credential));
    }

    /** CreatePrimary, ReadPublic, Create, Load, ObjectChangeAuth, EvictControl, FlushContext. */
    static void keys(EngineFuzzer f) {
        World w = f.world;
        int hierarchy = new int[] {OWNER, NULL, TpmRh.ENDORSEMENT.value()}[f.rnd.nextInt(3)];
        byte[] unique = f.bytes(f.rnd.nextInt(33));
        int primary = Ops.createPrimary(f, hierarchy, f.bytes(f.rnd.nextInt(9)),
                p -> Templates.eccStorage(p, unique)).handle();
        f.send(f.draft(TpmCc.READ_PUBLIC, new int[] {primary}, List.of(), new Params()));
        byte[] auth = f.bytes(1 + f.rnd.nextInt(16));
        byte[][] blobs = switch (f.rnd.nextInt(4)) {
            case 0 -> Ops.create(f, primary, auth, new byte[0],
                    p -> Templates.ecc(p, Templates.ECDSA, Templates.FIXED | Templates.SIGN, new byte[0]));
            case 1 -> Ops.create(f, primary, auth, new byte[0], Templates::hmacKey);
            case 2 -> Ops.create(f, primary, auth, f.bytes(1 + f.rnd.nextInt(64)),
                    p -> Templates.sealed(p, new byte[0]));
            default -> Ops.create(f, primary, auth, new byte[0], Templates::aes);
        };
        int key = Ops.load(f, primary, blobs, auth);
        byte[] newAuth = f.bytes(f.rnd.nextInt(20));
        Reply changed = f.send(f.draft(TpmCc.OBJECT_CHANGE_AUTH, new int[] {key, primary},
                List.of(Ops.authFor(f, key)), new Params().tpm2b(newAuth)));
        if (changed.ok()) {
            int again = Ops.load(f, primary, new byte[][] {changed.reader().tpm2b(4096), blobs[1]}, newAuth);
            Ops.flush(f, again);
        }
        if (hierarchy != NULL && f.rnd.nextInt(3) == 0) {
            int persistent = (hierarchy == OWNER ? 0x81000100 : 0x81010100) + f.rnd.nextInt(4);
            Reply ev = f.send(f.draft(TpmCc.EVICT_CONTROL, new int[] {OWNER, key}, Ops.empty(),
                    new Params().handle(persistent)));
            if (ev.ok()) {
                f.world.object(persistent, w.name(key), auth);
                f.send(f.draft(TpmCc.READ_PUBLIC, new int[] {persistent}, List.of(), new Params()));
                f.send(f.draft(TpmCc.EVICT_CONTROL, new int[] {OWNER, persistent}, Ops.empty(),
                        new Params().handle(persistent)));
            }
        }
        Ops.flush(f, key);
        if (f.rnd.nextBoolean()) {
            int loaded = Ops.createLoaded(f, primary, auth, new byte[0],
                    p -> Templates.ecc(p, Templates.ECDH, Templates.FIXED | Templates.DECRYPT, new byte[0]));
            Reply kg = f.must(f.draft(TpmCc.ECDH_KEYGEN, new int[] {loaded}, List.of(), new Params()));
            TpmReader in = kg.reader();
            in.tpm2b(256);
            byte[] point = in.tpm2b(256);
            f.send(f.draft(TpmCc.ECDH_ZGEN, new int[] {loaded}, Ops.user(f, loaded), new Params().tpm2b(point)));
        }
        Ops.flush(f, primary);
    }

    /** LoadExternal of a public key (then VerifySignature) and of an HMAC key with its sensitive area. */
    static void external(EngineFuzzer f) {
        World w = f.world;
        Reply pub = f.must(f.draft(TpmCc.READ_PUBLIC, new int[] {w.signKey}, List.of(), new Params()));
        byte[] outPublic = pub.reader().tpm2b(4096);
        byte[] digest = f.bytes(32);
        Reply sig = f.must(f.draft(TpmCc.SIGN, new int[] {w.signKey}, Ops.user(f, w.signKey), sign(digest)));
        int hierarchy = f.rnd.nextBoolean() ? OWNER : NULL;
        Reply ext = f.must(f.draft(TpmCc.LOAD_EXTERNAL, new int[0], List.of(),
                new Params().u16(0).tpm2b(outPublic).handle(hierarchy)));
        int h = ext.handle();
        w.object(h, ext.reader().tpm2b(128), new byte[0]);
        f.must(f.draft(TpmCc.VERIFY_SIGNATURE, new int[] {h}, List.of(),
                new Params().tpm2b(digest).bytes(sig.params())));
        Ops.flush(f, h);

        byte[] key = f.bytes(32);
        byte[] seed = f.bytes(32);
        byte[] auth = f.bytes(6);
        Params p = new Params();
        p.sized(s -> s.alg(Templates.KEYEDHASH).tpm2b(auth).tpm2b(seed).tpm2b(key));
        p.sized(s -> s.u16(Templates.KEYEDHASH).alg(Templates.SHA256).u32(Templates.USER_WITH_AUTH | Templates.SIGN)
                .tpm2b(new byte[0]).alg(Templates.HMAC).alg(Templates.SHA256).tpm2b(sha256(seed, key)));
        p.handle(NULL);
        Reply hk = f.must(f.draft(TpmCc.LOAD_EXTERNAL, new int[0], List.of(), p));
        w.object(hk.handle(), hk.reader().tpm2b(128), auth);
        f.send(f.draft(TpmCc.HMAC, new int[] {hk.handle()}, Ops.user(f, hk.handle()),
                new Params().tpm2b(f.bytes(f.rnd.nextInt(100))).alg(Templates.SHA256)));
        Ops.flush(f, hk.handle());
    }

    static Params sign(byte[] digest) {
        return new Params().tpm2b(digest).alg(Templates.ECDSA).alg(Templates.SHA256)
                .u16(0x8024).handle(NULL).tpm2b(new byte[0]);
    }

    /** Sign/VerifySignature, HMAC, HMAC_Start with SequenceUpdate and SequenceComplete. */
    static void signing(EngineFuzzer f) {
        World w = f.world;
        byte[] digest = f.bytes(32);
        Reply sig = f.must(f.draft(TpmCc.SIGN, new int[] {w.signKey}, Ops.user(f, w.signKey), sign(digest)));
        f.must(f.draft(TpmCc.VERIFY_SIGNATURE, new int[] {w.signKey}, List.of(),
                new Params().tpm2b(digest).bytes(sig.params())));
        macAndSequence(f, w.hmacKey, Templates.SHA256);
    }

    /**
     * TPM2_MAC and TPM2_MAC_Start with SequenceUpdate and SequenceComplete over the same data
     * with {@code key} and {@code scheme} (a hash: HMAC; TPM_ALG_CMAC): the same MAC.
     */
    private static void macAndSequence(EngineFuzzer f, int key, int scheme) {
        World w = f.world;
        byte[] data = f.bytes(f.rnd.nextInt(200));
        Reply mac = f.must(f.draft(TpmCc.HMAC, new int[] {key}, Ops.user(f, key),
                new Params().tpm2b(data).alg(scheme)));
        byte[] seqAuth = f.bytes(f.rnd.nextInt(8));
        Reply start = f.must(f.draft(TpmCc.HMAC_START, new int[] {key}, Ops.user(f, key),
                new Params().tpm2b(seqAuth).alg(scheme)));
        int seq = start.handle();
        w.object(seq, new byte[0], seqAuth);
        int cut = data.length / 2;
        f.must(f.draft(TpmCc.SEQUENCE_UPDATE, new int[] {seq}, Ops.user(f, seq),
                new Params().tpm2b(Arrays.copyOf(data, cut))));
        Reply done = f.must(f.draft(TpmCc.SEQUENCE_COMPLETE, new int[] {seq}, Ops.user(f, seq),
                new Params().tpm2b(Arrays.copyOfRange(data, cut, data.length)).handle(NULL)));
        w.gone(seq);
        if (f.unchanged() && !Arrays.equals(mac.reader().tpm2b(64), done.reader().tpm2b(64))) {
            throw f.failure("MAC and the MAC sequence over the same data differ");
        }
    }

    /**
     * The two-phase ECC operations: Commit and an ECDAA Sign that uses the commitment up (a second
     * one is refused), an EC-Schnorr signature verified, EC_Ephemeral and ZGen_2Phase.
     */
    static void ecc(EngineFuzzer f) {
        World w = f.world;
        byte[] auth = f.bytes(4);
        int daa = Ops.createLoaded(f, w.srk, auth, new byte[0], p -> {
            p.u16(Templates.ECC).alg(Templates.SHA256).u32(Templates.FIXED | Templates.SIGN).tpm2b(new byte[0]);
            p.alg(Templates.NULL_ALG).alg(ECDAA).alg(Templates.SHA256).u16(0).alg(Templates.NIST_P256)
                    .alg(Templates.NULL_ALG).tpm2b(new byte[0]).tpm2b(new byte[0]);
        });
        Reply commit = f.must(f.draft(TpmCc.COMMIT, new int[] {daa}, Ops.user(f, daa),
                new Params().u16(4).u16(0).u16(0).tpm2b(new byte[0]).tpm2b(new byte[0])));
        TpmReader in = commit.reader();
        for (int i = 0; i < 3; i++) {
            in.tpm2b(256);
        }
        int counter = in.u16();
        byte[] digest = f.bytes(32);
        Params daaSign = new Params().tpm2b(digest).alg(ECDAA).alg(Templates.SHA256).u16(counter)
                .u16(0x8024).handle(NULL).tpm2b(new byte[0]);
        f.must(f.draft(TpmCc.SIGN, new int[] {daa}, Ops.user(f, daa), daaSign));
        Reply again = f.send(f.draft(TpmCc.SIGN, new int[] {daa}, Ops.user(f, daa), daaSign));
        if (f.unchanged() && again.ok()) {
            throw f.failure("an ECDAA commitment signed twice");
        }
        Ops.flush(f, daa);
        Params schnorr = new Params().tpm2b(digest).alg(ECSCHNORR).alg(Templates.SHA256)
                .u16(0x8024).handle(NULL).tpm2b(new byte[0]);
        int plain = Ops.createLoaded(f, w.srk, auth, new byte[0],
                p -> Templates.ecc(p, ECSCHNORR, Templates.FIXED | Templates.SIGN, new byte[0]));
        Reply sig = f.must(f.draft(TpmCc.SIGN, new int[] {plain}, Ops.user(f, plain), schnorr));
        f.must(f.draft(TpmCc.VERIFY_SIGNATURE, new int[] {plain}, List.of(),
                new Params().tpm2b(digest).bytes(sig.params())));
        Ops.flush(f, plain);
        int ecdh = Ops.createLoaded(f, w.srk, auth, new byte[0],
                p -> Templates.ecc(p, Templates.ECDH, Templates.FIXED | Templates.DECRYPT, new byte[0]));
        Reply eph = f.must(f.draft(TpmCc.EC_EPHEMERAL, new int[0], List.of(), new Params().u16(Templates.NIST_P256)));
        TpmReader q = eph.reader();
        byte[] point = q.tpm2b(256);
        int ephCounter = q.u16();
        f.must(f.draft(TpmCc.ZGEN_2PHASE, new int[] {ecdh}, Ops.user(f, ecdh),
                new Params().tpm2b(point).tpm2b(point).alg(Templates.ECDH).u16(ephCounter)));
        Ops.flush(f, ecdh);
    }

    private static final int ECDAA = 0x001A;
    private static final int ECSCHNORR = 0x001C;
    private static final int CMAC = 0x003F;

    /** RSA_Encrypt/RSA_Decrypt round trip and an RSASSA/RSAPSS signature. */
    static void rsa(EngineFuzzer f) {
        World w = f.world;
        byte[] msg = f.bytes(1 + f.rnd.nextInt(60));
        byte[] label = f.rnd.nextBoolean() ? new byte[0] : "label\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int oaepOrRsaes = f.rnd.nextBoolean() ? 0x0017 : 0x0015;
        Params enc = new Params().tpm2b(msg);
        scheme(enc, oaepOrRsaes);
        enc.tpm2b(label);
        Reply c = f.must(f.draft(TpmCc.RSA_ENCRYPT, new int[] {w.rsaKey}, List.of(), enc));
        Params dec = new Params().tpm2b(c.reader().tpm2b(512));
        scheme(dec, oaepOrRsaes);
        dec.tpm2b(label);
        Reply m = f.must(f.draft(TpmCc.RSA_DECRYPT, new int[] {w.rsaKey}, Ops.user(f, w.rsaKey), dec));
        if (f.unchanged() && !Arrays.equals(msg, m.reader().tpm2b(512))) {
            throw f.failure("RSA_Decrypt does not give back what RSA_Encrypt took");
        }
        byte[] digest = f.bytes(32);
        int s = f.rnd.nextBoolean() ? 0x0014 : 0x0016;
        Reply sig = f.must(f.draft(TpmCc.SIGN, new int[] {w.rsaKey}, Ops.user(f, w.rsaKey),
                new Params().tpm2b(digest).alg(s).alg(Templates.SHA256).u16(0x8024).handle(NULL).tpm2b(new byte[0])));
        f.must(f.draft(TpmCc.VERIFY_SIGNATURE, new int[] {w.rsaKey}, List.of(),
                new Params().tpm2b(digest).bytes(sig.params())));
    }

    /** TPMT_RSA_DECRYPT: OAEP (0x0017) with SHA-256, or RSAES (0x0015). */
    private static void scheme(Params p, int scheme) {
        p.alg(scheme);
        if (scheme == 0x0017) {
            p.alg(Templates.SHA256);
        }
    }

    /**
     * EncryptDecrypt and EncryptDecrypt2 in every mode, round trip checked; a CMAC and a CMAC
     * sequence with the same key; Unseal of a sealed object.
     */
    static void symmetric(EngineFuzzer f) {
        World w = f.world;
        // CTR, OFB, CBC, CFB, ECB (which takes no IV); now and then CMAC, which is no cipher mode
        int[] modes = {0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x003F};
        int mode = modes[f.rnd.nextInt(modes.length)];
        boolean blocks = mode == 0x0042 || mode == 0x0044;
        byte[] data = f.bytes(blocks ? 16 * f.rnd.nextInt(6) : f.rnd.nextInt(90));
        byte[] iv = f.bytes(mode == 0x0044 ? 0 : 16);
        Reply c = f.must(f.draft(TpmCc.ENCRYPT_DECRYPT, new int[] {w.aesKey}, Ops.user(f, w.aesKey),
                new Params().flag(0).alg(mode).tpm2b(iv).tpm2b(data)));
        Reply p = f.must(f.draft(TpmCc.ENCRYPT_DECRYPT2, new int[] {w.aesKey}, Ops.user(f, w.aesKey),
                new Params().tpm2b(c.reader().tpm2b(1024)).flag(1).alg(mode).tpm2b(iv)));
        if (f.unchanged() && !Arrays.equals(data, p.reader().tpm2b(1024))) {
            throw f.failure("EncryptDecrypt2 does not decrypt what EncryptDecrypt encrypted");
        }
        macAndSequence(f, w.aesKey, CMAC);
        byte[] secret = f.bytes(1 + f.rnd.nextInt(64));
        byte[] auth = f.bytes(f.rnd.nextInt(8));
        int sealed = Ops.createLoaded(f, w.srk, auth, secret, s -> Templates.sealed(s, new byte[0]));
        Reply u = f.must(f.draft(TpmCc.UNSEAL, new int[] {sealed}, Ops.user(f, sealed), new Params()));
        if (f.unchanged() && !Arrays.equals(secret, u.reader().tpm2b(128))) {
            throw f.failure("Unseal does not give back the sealed data");
        }
        Ops.flush(f, sealed);
    }

    /** Quote, Certify, GetTime, CertifyCreation. */
    static void attestation(EngineFuzzer f) {
        World w = f.world;
        Params q = new Params().tpm2b(f.bytes(f.rnd.nextInt(20))).alg(Templates.NULL_ALG);
        Ops.pcrSelection(q, 0x10001 | f.rnd.nextInt(0x1000000));
        f.must(f.draft(TpmCc.QUOTE, new int[] {w.signKey}, Ops.user(f, w.signKey), q));
        f.must(f.draft(TpmCc.CERTIFY, new int[] {w.hmacKey, w.signKey},
                List.of(Ops.authFor(f, w.hmacKey), Auth.password(w.auth(w.signKey))),
                new Params().tpm2b(f.bytes(8)).alg(Templates.NULL_ALG)));
        f.must(f.draft(TpmCc.GET_TIME, new int[] {TpmRh.ENDORSEMENT.value(), w.signKey},
                List.of(Auth.empty(), Auth.password(w.auth(w.signKey))),
                new Params().tpm2b(f.bytes(4)).alg(Templates.NULL_ALG)));
        Reply prim = Ops.createPrimary(f, OWNER, new byte[0],
                p -> Templates.ecc(p, Templates.ECDSA, Templates.FIXED | Templates.SIGN, new byte[0]));
        TpmReader in = prim.reader();
        in.tpm2b(4096);
        in.tpm2b(4096);
        byte[] creationHash = in.tpm2b(64);
        int tag = in.u16();
        int hierarchy = in.u32();
        byte[] ticket = in.tpm2b(64);
        f.send(f.draft(TpmCc.CERTIFY_CREATION, new int[] {w.signKey, prim.handle()},
                List.of(Ops.authFor(f, w.signKey)), new Params().tpm2b(new byte[0]).tpm2b(creationHash)
                        .alg(Templates.NULL_ALG).u16(tag).handle(hierarchy).tpm2b(ticket)));
        Ops.flush(f, prim.handle());
    }

    /** MakeCredential for the signing key's Name under the ECC storage key, ActivateCredential. */
    static void credential(EngineFuzzer f) {
        World w = f.world;
        int storage = f.rnd.nextInt(4) == 0 ? w.ek : w.srk;
        byte[] credential = f.bytes(1 + f.rnd.nextInt(32));
        Reply made = f.must(f.draft(TpmCc.MAKE_CREDENTIAL, new int[] {storage}, List.of(),
                new Params().tpm2b(credential).tpm2b(w.name(w.signKey))));
        TpmReader in = made.reader();
        byte[] blob = in.tpm2b(1024);
        byte[] secret = in.tpm2b(1024);
        Reply got = f.must(f.draft(TpmCc.ACTIVATE_CREDENTIAL, new int[] {w.signKey, storage},
                List.of(Auth.password(w.auth(w.signKey)), Ops.authFor(f, storage)),
                new Params().tpm2b(blob).tpm2b(secret)));
        if (f.unchanged() && !Arrays.equals(credential, got.reader().tpm2b(64))) {
            throw f.failure("ActivateCredential does not give back the credential");
        }
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
