package io.jvtpm.engine.fuzz;

import io.jvtpm.engine.testing.ClientSession;
import io.jvtpm.engine.wire.TpmCap;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the engine back into the state the families start from (TPM 2.0 Library Part 3, 9.3
 * Startup, 24.6 Clear): a TPM Reset, the owner hierarchy cleared with platform authorization, the
 * standing keys made again (the RSA storage key is persistent in the endorsement hierarchy and
 * survives; the RSA child key is generated once per run and loaded again); and, after each
 * scenario, every transient object and session it left flushed.
 */
final class Setup {
    static final int EK = 0x81010001;
    static final int RSA_KEY = 0x81010002;
    static final int SRK = 0x81000001;
    static final int SIGN_KEY = 0x81000002;
    static final int HMAC_KEY = 0x81000003;
    static final int AES_KEY = 0x81000004;

    private final EngineFuzzer f;
    private int cleanups;
    private boolean sweep;

    Setup(EngineFuzzer f) {
        this.f = f;
    }

    void resync() {
        String was = f.family();
        f.family("setup");
        try {
            f.unmutated(this::reset);
        } catch (EngineFuzzer.Abort a) {
            throw f.failure("the setup sequence failed");
        }
        f.family(was);
    }

    private void reset() {
        World w = f.world;
        w.forgetAll();
        f.tpm().init();
        f.must(f.draft(TpmCc.STARTUP, new int[0], List.of(), new Params().u16(TpmSu.CLEAR.value())));
        int platform = TpmRh.PLATFORM.value();
        f.must(f.draft(TpmCc.CLEAR_CONTROL, new int[] {platform}, Ops.empty(), new Params().u8(0)));
        f.must(f.draft(TpmCc.CLEAR, new int[] {platform}, Ops.empty(), new Params()));
        for (int h : handles(0x81000000)) {
            if (h != EK && h != RSA_KEY) {
                f.send(f.draft(TpmCc.EVICT_CONTROL, new int[] {TpmRh.OWNER.value(), h}, Ops.empty(),
                        new Params().handle(h)));
            }
        }
        Reply pub = f.send(readPublic(EK));
        if (!pub.ok()) {
            int h = Ops.createPrimary(f, TpmRh.ENDORSEMENT.value(), new byte[0], Templates::rsaStorage).handle();
            f.must(f.draft(TpmCc.EVICT_CONTROL, new int[] {TpmRh.OWNER.value(), h}, Ops.empty(),
                    new Params().handle(EK)));
            Ops.flush(f, h);
            w.rsaPrivate = null;
            pub = f.must(readPublic(EK));
        }
        TpmReader in = pub.reader();
        w.ekModulus = Ops.rsaModulus(in.tpm2b(4096));
        w.ek = EK;
        w.object(EK, in.tpm2b(128), new byte[0]);
        int srk = Ops.createPrimary(f, TpmRh.OWNER.value(), new byte[0], p -> Templates.eccStorage(p, new byte[0]))
                .handle();
        w.srk = persist(srk, SRK);
        byte[][] point = Ops.eccPoint(f.must(readPublic(SRK)).reader().tpm2b(4096));
        w.srkX = point[0];
        w.srkY = point[1];
        if (w.rsaPrivate == null || !handles(0x81000000).contains(RSA_KEY)) {
            byte[][] blobs = Ops.create(f, EK, new byte[0], new byte[0], Templates::rsaSignDecrypt);
            w.rsaPrivate = blobs[0];
            w.rsaPublic = blobs[1];
            int rsa = Ops.load(f, EK, blobs, new byte[0]);
            f.send(f.draft(TpmCc.EVICT_CONTROL, new int[] {TpmRh.OWNER.value(), RSA_KEY}, Ops.empty(),
                    new Params().handle(RSA_KEY)));
            w.rsaKey = persist(rsa, RSA_KEY);
        } else {
            TpmReader pubRsa = f.must(readPublic(RSA_KEY)).reader();
            pubRsa.tpm2b(4096);
            w.object(RSA_KEY, pubRsa.tpm2b(128), new byte[0]);
            w.keep(RSA_KEY);
            w.rsaKey = RSA_KEY;
        }
        w.signKey = persist(Ops.createLoaded(f, w.srk, f.bytes(8), new byte[0],
                p -> Templates.ecc(p, Templates.ECDSA, Templates.FIXED | Templates.SIGN, new byte[0])), SIGN_KEY);
        w.hmacKey = persist(Ops.createLoaded(f, w.srk, f.bytes(12), new byte[0], Templates::hmacKey), HMAC_KEY);
        w.aesKey = persist(Ops.createLoaded(f, w.srk, f.bytes(4), new byte[0], Templates::aes), AES_KEY);
        w.needsResync = false;
    }

    /** EvictControl of transient {@code h} to {@code persistent}; the transient copy flushed. */
    private int persist(int h, int persistent) {
        World w = f.world;
        f.must(f.draft(TpmCc.EVICT_CONTROL, new int[] {TpmRh.OWNER.value(), h}, Ops.empty(),
                new Params().handle(persistent)));
        w.object(persistent, w.name(h), w.auth(h));
        w.keep(persistent);
        Ops.flush(f, h);
        return persistent;
    }

    static Draft readPublic(int h) {
        return Draft.of("setup", TpmCc.READ_PUBLIC.value(), new int[] {h}, List.of(), new Params());
    }

    /**
     * Flushes the handles the scenario made that the fuzzer knows of; a standing key that is gone
     * asks for a resync. After mutations, {@link #sweep()} flushes what GetCapability lists (a
     * mutated command may have made handles the fuzzer does not know).
     */
    void cleanup() {
        sweep = false;
        flush();
    }

    /** {@link #cleanup()} of everything GetCapability lists, for a scenario with mutations. */
    void sweep() {
        sweep = true;
        flush();
    }

    private void flush() {
        if (f.world.needsResync) {
            // the scenario reset or cleared the TPM: the resync that comes next starts over
            return;
        }
        try {
            f.unmutated(this::flushAll);
        } catch (EngineFuzzer.Abort a) {
            throw f.failure("the cleanup sequence failed");
        }
    }

    private void flushAll() {
        World w = f.world;
        List<Integer> present = new ArrayList<>();
        if (sweep) {
            present.addAll(handles(0x80000000));
            present.addAll(handles(0x02000000));
            present.addAll(handles(0x03000000));
        } else {
            // nothing was mutated: the scenario's own handles are all there is
            w.live().stream().filter(h -> h >>> 24 == 0x80).forEach(present::add);
        }
        for (ClientSession s : w.sessions()) {
            // a saved session is not listed (or not everywhere): flush what the scenario knows of
            if (!present.contains(s.handle())) {
                present.add(s.handle());
            }
        }
        for (int h : present) {
            if (!w.isKept(h)) {
                Ops.flush(f, h);
            }
        }
        for (ClientSession s : w.sessions()) {
            w.gone(s.handle());
        }
        if (++cleanups % 8 == 0 && !handles(0x81000000).containsAll(w.kept())) {
            w.needsResync = true;
        }
    }

    /** GetCapability(TPM_CAP_HANDLES) from {@code first}, within its handle type. */
    private List<Integer> handles(int first) {
        Params p = new Params().u32(TpmCap.HANDLES.value()).u32(first).u32(64);
        Reply r = f.must(f.draft(TpmCc.GET_CAPABILITY, new int[0], List.of(), p));
        TpmReader in = r.reader();
        in.u8();
        in.u32();
        int n = in.u32();
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int h = in.u32();
            int type = h >>> 24;
            if (type == first >>> 24 || (type == 0x02 || type == 0x03) && (first >>> 24 == 0x02 || first >>> 24 == 0x03)) {
                l.add(h);
            }
        }
        return l;
    }
}
