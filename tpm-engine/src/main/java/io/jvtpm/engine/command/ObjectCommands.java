package io.jvtpm.engine.command;

import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.crypto.CancelSignal;
import io.jvtpm.engine.crypto.CtrDrbg;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.crypto.Kdf;
import io.jvtpm.engine.crypto.RandomSource;
import io.jvtpm.engine.wire.PcrSelection;
import io.jvtpm.engine.wire.Structures;
import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmSt;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.object.KeyValidation;
import io.jvtpm.engine.object.LoadedObject;
import io.jvtpm.engine.object.ObjectAttributes;
import io.jvtpm.engine.object.ObjectFactory;
import io.jvtpm.engine.object.ObjectState;
import io.jvtpm.engine.object.ObjectType;
import io.jvtpm.engine.object.PrimaryCache;
import io.jvtpm.engine.object.ProtectedStorage;
import io.jvtpm.engine.object.PublicArea;
import io.jvtpm.engine.object.PublicChecks;
import io.jvtpm.engine.object.PublicCodec;
import io.jvtpm.engine.object.SensitiveArea;
import io.jvtpm.engine.platform.PlatformSignals;
import io.jvtpm.engine.wire.TpmAlgId;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRh;
import java.util.List;

/**
 * Object commands (TPM 2.0 Library Part 3, 12 "Object Commands" and 24.1 CreatePrimary, 28.5
 * EvictControl): CreatePrimary, Create, Load, LoadExternal, ReadPublic, Unseal,
 * ObjectChangeAuth and EvictControl. Primary objects come from a DRBG instantiated with
 * KDFa(nameAlg, hierarchy seed, "Primary Object Creation", Name(template), sensitive data).
 */
final class ObjectCommands {
    private static final ObjectFactory.Params CREATE_PARAMS = new ObjectFactory.Params(1, 2);
    private static final int MAX_SENSITIVE_DATA = PublicCodec.MAX_SYM_DATA;

    private ObjectCommands() {
    }

    /** TPM2B_SENSITIVE_CREATE: {userAuth, data}. */
    private static byte[][] readSensitiveCreate(TpmReader r) {
        return r.sized2b(body -> {
            byte[] auth = body.tpm2b(HashAlgorithm.MAX_DIGEST);
            byte[] data = body.tpm2b(MAX_SENSITIVE_DATA);
            return new byte[][] {trimAuth(auth), data};
        });
    }

    /** An authValue without trailing zeros (Part 1, 19.6.4 keeps it so). */
    static byte[] trimAuth(byte[] a) {
        int n = a.length;
        while (n > 0 && a[n - 1] == 0) {
            n--;
        }
        return n == a.length ? a : java.util.Arrays.copyOf(a, n);
    }

    private record CreateInput(byte[] auth, byte[] data, PublicArea template, byte[] outsideInfo,
            List<PcrSelection> creationPcr) {
    }

    private static CreateInput readCreate(Command c) {
        TpmReader r = c.in();
        byte[][] sc = readSensitiveCreate(r);
        r.param(2);
        PublicArea t = PublicCodec.read2b(r, false);
        r.param(3);
        byte[] outside = r.tpm2b(ObjectSupport.MAX_DATA);
        r.param(4);
        List<PcrSelection> pcr = PcrSelection.readList(r);
        c.endParameters();
        return new CreateInput(sc[0], sc[1], t, outside, pcr);
    }

    static void createPrimary(Command c) {
        CreateInput in = readCreate(c);
        ObjectSupport.requireFreeSlot(c.tpm());
        TpmEngine tpm = c.tpm();
        int hierarchy = c.handle(0);
        PublicArea t = in.template();
        ObjectFactory.checkTemplate(t, null, in.auth(), in.data(), CREATE_PARAMS);
        ObjectFactory.Created made = derivePrimary(tpm, hierarchy, t, in.data());
        SensitiveArea s = made.sensitive();
        s = new SensitiveArea(s.type(), in.auth(), s.seedValue(), s.sensitive());
        LoadedObject o = new LoadedObject(made.pub(), s, hierarchy, false).qualify(TpmWire.u32Bytes(hierarchy));
        int handle = tpm.loadObject(o);
        c.responseHandle(handle);
        TpmWriter w = c.out();
        PublicCodec.write2b(w, o.publicArea());
        writeCreation(w, tpm, c.locality(), o, hierarchy, TpmWire.u32Bytes(hierarchy), TpmWire.u32Bytes(hierarchy), in);
        w.tpm2b(o.name());
    }

    /** The primary object of a template under a hierarchy: deterministic, cached. */
    static ObjectFactory.Created derivePrimary(TpmEngine tpm, int hierarchy, PublicArea t, byte[] data) {
        ObjectState state = tpm.objectState();
        byte[] templateName = LoadedObject.name(t.nameAlg(), PublicCodec.encode(t));
        byte[] drbgSeed = Kdf.kdfa(t.nameAlg(), state.seed(hierarchy), "Primary Object Creation", templateName,
                data, CtrDrbg.SEED_LEN * 8);
        PrimaryCache cache = state.primaryCache();
        ObjectFactory.Created made = cache.get(drbgSeed);
        if (made == null) {
            RandomSource rnd = RandomSource.of(new CtrDrbg(drbgSeed));
            made = ObjectFactory.generate(t, new byte[0], data, rnd, cancelSignal(tpm));
            cache.put(drbgSeed, made);
        }
        return made;
    }

    /** The platform's cancel line, which a key generation asks between candidates. */
    private static CancelSignal cancelSignal(TpmEngine tpm) {
        PlatformSignals signals = tpm.platform().signals();
        return signals::cancelRequested;
    }

    /** creationData, creationHash, creationTicket (Part 3, 12.1 and 24.1). */
    private static void writeCreation(TpmWriter w, TpmEngine tpm, int locality, LoadedObject o, int hierarchy,
            byte[] parentName, byte[] parentQn, CreateInput in) {
        HashAlgorithm nameAlg = o.publicArea().nameAlg();
        List<PcrSelection> sel = ObjectSupport.allocated(tpm, in.creationPcr());
        TpmWriter cd = new TpmWriter(256);
        PcrSelection.writeList(cd, sel);
        cd.tpm2b(hasSelection(sel) ? ObjectSupport.pcrDigest(tpm, nameAlg, sel) : new byte[0]);
        cd.u8(1 << locality);
        cd.u16(parentName.length == 4 ? TpmAlgId.NULL.value() : TpmWire.u16(parentName, 0));
        cd.tpm2b(parentName).tpm2b(parentQn).tpm2b(in.outsideInfo());
        byte[] creationData = cd.toByteArray();
        byte[] creationHash = nameAlg.newDigest().digest(creationData);
        w.tpm2b(creationData);
        w.tpm2b(creationHash);
        ObjectSupport.writeTicket(w, tpm, TpmSt.CREATION.value(), hierarchy, o.name(),
                creationHash);
    }

    private static boolean hasSelection(List<PcrSelection> sel) {
        for (PcrSelection s : sel) {
            if (s.bitmap() != 0) {
                return true;
            }
        }
        return false;
    }

    /** The parent at handle 0: a loaded storage key with its sensitive area. */
    private static LoadedObject storageParent(Command c) {
        LoadedObject p = ObjectSupport.object(c, 0);
        if (!p.publicArea().isStorageParent() || p.sensitive() == null
                || (p.publicArea().type() != ObjectType.RSA && p.publicArea().type() != ObjectType.ECC
                && p.publicArea().type() != ObjectType.SYMCIPHER)) {
            throw new TpmRcException(TpmRc.TYPE.handle(1));
        }
        return p;
    }

    static void create(Command c) {
        CreateInput in = readCreate(c);
        TpmEngine tpm = c.tpm();
        LoadedObject parent = storageParent(c);
        PublicArea t = in.template();
        ObjectFactory.checkTemplate(t, parent.publicArea(), in.auth(), in.data(), CREATE_PARAMS);
        ObjectFactory.Created made = ObjectFactory.generate(t, in.auth(), in.data(), ObjectSupport.random(tpm),
                cancelSignal(tpm));
        LoadedObject o = new LoadedObject(made.pub(), made.sensitive(), parent.hierarchy(), false)
                .qualify(parent.qualifiedName());
        TpmWriter w = c.out();
        w.tpm2b(ProtectedStorage.wrap(parent, o.name(), made.sensitive()));
        PublicCodec.write2b(w, o.publicArea());
        writeCreation(w, tpm, c.locality(), o, parent.hierarchy(), parent.name(), parent.qualifiedName(), in);
    }

    /**
     * TPM2_CreateLoaded (Part 3, 12.9) with a hierarchy (a primary object, no private part
     * returned) or a storage key as the parent; derivation parents are not implemented.
     */
    static void createLoaded(Command c) {
        TpmReader r = c.in();
        byte[][] sc = readSensitiveCreate(r);
        r.param(2);
        PublicArea t = PublicCodec.read2b(r, false);
        c.endParameters();
        ObjectSupport.requireFreeSlot(c.tpm());
        TpmEngine tpm = c.tpm();
        int ph = c.handle(0);
        TpmWriter w = c.out();
        if (TpmHt.PERMANENT.matches(ph)) {
            ObjectFactory.checkTemplate(t, null, sc[0], sc[1], CREATE_PARAMS);
            ObjectFactory.Created made = derivePrimary(tpm, ph, t, sc[1]);
            SensitiveArea s = made.sensitive();
            LoadedObject o = new LoadedObject(made.pub(), new SensitiveArea(s.type(), sc[0], s.seedValue(),
                    s.sensitive()), ph, false).qualify(TpmWire.u32Bytes(ph));
            c.responseHandle(tpm.loadObject(o));
            w.u16(0);
            PublicCodec.write2b(w, o.publicArea());
            w.tpm2b(o.name());
            return;
        }
        LoadedObject parent = storageParent(c);
        ObjectFactory.checkTemplate(t, parent.publicArea(), sc[0], sc[1], CREATE_PARAMS);
        ObjectFactory.Created made = ObjectFactory.generate(t, sc[0], sc[1], ObjectSupport.random(tpm),
                cancelSignal(tpm));
        LoadedObject o = new LoadedObject(made.pub(), made.sensitive(), parent.hierarchy(), false)
                .qualify(parent.qualifiedName());
        byte[] priv = ProtectedStorage.wrap(parent, o.name(), made.sensitive());
        c.responseHandle(tpm.loadObject(o));
        w.tpm2b(priv);
        PublicCodec.write2b(w, o.publicArea());
        w.tpm2b(o.name());
    }

    /** MAX size of a TPM2B_PRIVATE body. */
    static final int MAX_PRIVATE = 2 + HashAlgorithm.MAX_DIGEST + 2 + 2 + 2 * HashAlgorithm.MAX_DIGEST + 2
            + PublicCodec.MAX_RSA_BYTES / 2 * 5 + 16;

    static void load(Command c) {
        TpmReader r = c.in();
        byte[] priv = r.tpm2b(MAX_PRIVATE);
        r.param(2);
        PublicArea pub = PublicCodec.read2b(r, false);
        c.endParameters();
        ObjectSupport.requireFreeSlot(c.tpm());
        TpmEngine tpm = c.tpm();
        LoadedObject parent = storageParent(c);
        byte[] name = LoadedObject.name(pub.nameAlg(), PublicCodec.encode(pub));
        SensitiveArea s = ProtectedStorage.unwrap(parent, name, priv, 1);
        // ObjectLoad: the sensitive area is checked once its integrity is, then the public area
        if (s.seedValue().length > pub.nameAlg().digestSize()) {
            throw new TpmRcException(TpmRc.KEY_SIZE.param(1));
        }
        ObjectFactory.checkAttributes(pub, parent.publicArea(), 2);
        ObjectFactory.checkBinding(pub, s, 2);
        LoadedObject o = new LoadedObject(pub, s, parent.hierarchy(), false).qualify(parent.qualifiedName());
        c.responseHandle(tpm.loadObject(o));
        c.out().tpm2b(o.name());
    }

    static void loadExternal(Command c) {
        TpmReader r = c.in();
        int size = r.size2b(0xFFFF);
        SensitiveArea s = null;
        if (size > 0) {
            int end = r.position() + size;
            int limit = r.limit();
            r.limit(end);
            byte[] body = r.bytes(size);
            r.limit(limit);
            try {
                s = PublicCodec.decodeSensitive(body);
            } catch (TpmRcException e) {
                throw new TpmRcException(TpmRc.base(e.rc()) == TpmRc.TYPE.value() ? TpmRc.TYPE.param(1)
                        : TpmRc.SIZE.param(1));
            }
        }
        r.param(2);
        PublicArea pub = PublicCodec.read2b(r, s == null);
        r.param(3);
        int hierarchy = Structures.readHierarchyOrNull(r);
        c.endParameters();
        ObjectSupport.requireFreeSlot(c.tpm());
        TpmEngine tpm = c.tpm();
        if (!tpm.hierarchies().isEnabled(hierarchy)) {
            throw new TpmRcException(TpmRc.HIERARCHY.param(3));
        }
        if (s != null) {
            if (hierarchy != TpmRh.NULL.value()) {
                throw new TpmRcException(TpmRc.HIERARCHY.param(3));
            }
            if (pub.has(ObjectAttributes.FIXED_TPM) || pub.has(ObjectAttributes.FIXED_PARENT)
                    || pub.has(ObjectAttributes.RESTRICTED)) {
                throw new TpmRcException(TpmRc.ATTRIBUTES.param(2));
            }
        }
        // ObjectLoad: a public-only key has its schemes checked, a full key all its attributes
        if (s == null || pub.nameAlg() == null) {
            PublicChecks.schemes(pub, null, 2);
        } else {
            if (s.seedValue().length > pub.nameAlg().digestSize()) {
                throw new TpmRcException(TpmRc.KEY_SIZE.param(1));
            }
            PublicChecks.validateAttributes(pub, null, 2);
        }
        KeyValidation.validate(pub, s, 2, 1);
        // an external object has no parent: its Qualified Name is its Name (as libtpms reports it)
        LoadedObject o = new LoadedObject(pub, s, hierarchy, true);
        c.responseHandle(tpm.loadObject(o));
        c.out().tpm2b(o.name());
    }

    static void readPublic(Command c) {
        c.endParameters();
        if (c.tpm().loaded(c.handle(0)) == null) {
            throw new TpmRcException(TpmRc.SEQUENCE.value());
        }
        LoadedObject o = ObjectSupport.object(c, 0);
        TpmWriter w = c.out();
        PublicCodec.write2b(w, o.publicArea());
        w.tpm2b(o.name()).tpm2b(o.qualifiedName());
    }

    static void unseal(Command c) {
        c.endParameters();
        LoadedObject o = ObjectSupport.object(c, 0);
        if (o.publicArea().type() != ObjectType.KEYEDHASH) {
            throw new TpmRcException(TpmRc.TYPE.handle(1));
        }
        if (o.has(ObjectAttributes.SIGN) || o.has(ObjectAttributes.DECRYPT) || o.has(ObjectAttributes.RESTRICTED)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.handle(1));
        }
        c.out().tpm2b(o.sensitive().sensitive());
    }

    static void objectChangeAuth(Command c) {
        TpmReader r = c.in();
        byte[] auth = trimAuth(r.tpm2b(HashAlgorithm.MAX_DIGEST));
        c.endParameters();
        LoadedObject o = ObjectSupport.object(c, 0);
        LoadedObject parent = ObjectSupport.object(c, 1);
        if (o.sensitive() == null || o.external() || !parent.publicArea().isStorageParent()
                || parent.sensitive() == null) {
            throw new TpmRcException(TpmRc.TYPE.handle(2));
        }
        byte[] expectedQn = new LoadedObject(o.publicArea(), null, 0, false).qualify(parent.qualifiedName())
                .qualifiedName();
        if (!java.util.Arrays.equals(expectedQn, o.qualifiedName())) {
            throw new TpmRcException(TpmRc.TYPE.handle(2));
        }
        if (auth.length > o.publicArea().nameAlg().digestSize()) {
            throw new TpmRcException(TpmRc.SIZE.param(1));
        }
        SensitiveArea s = o.sensitive();
        SensitiveArea ns = new SensitiveArea(s.type(), auth, s.seedValue(), s.sensitive());
        c.out().tpm2b(ProtectedStorage.wrap(parent, o.name(), ns));
    }

    static void evictControl(Command c) {
        TpmReader r = c.in();
        int persistent = r.u32();
        if (!TpmHt.PERSISTENT.matches(persistent)) {
            throw r.fail(TpmRc.VALUE);
        }
        c.endParameters();
        TpmEngine tpm = c.tpm();
        ObjectState state = tpm.objectState();
        int auth = c.handle(0);
        int objectHandle = c.handle(1);
        LoadedObject o = ObjectSupport.object(c, 1);
        boolean platform = auth == TpmRh.PLATFORM.value();
        boolean inPlatformRange = Integer.compareUnsigned(persistent, ObjectState.PLATFORM_PERSISTENT) >= 0;
        if (platform != inPlatformRange) {
            throw new TpmRcException(TpmRc.RANGE.param(1));
        }
        if (TpmHt.PERSISTENT.matches(objectHandle)) {
            if (objectHandle != persistent) {
                throw new TpmRcException(TpmRc.HANDLE.param(1));
            }
            if (!platform && o.hierarchy() == TpmRh.PLATFORM.value()) {
                throw new TpmRcException(TpmRc.HIERARCHY.handle(2));
            }
            state.removePersistent(persistent);
            tpm.permanentChanged();
            return;
        }
        if (o.hierarchy() == TpmRh.NULL.value() || o.external() || o.sensitive() == null) {
            throw new TpmRcException(TpmRc.HIERARCHY.handle(2));
        }
        if (o.has(ObjectAttributes.ST_CLEAR)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.handle(2));
        }
        if (platform ? o.hierarchy() != TpmRh.PLATFORM.value() : o.hierarchy() == TpmRh.PLATFORM.value()) {
            throw new TpmRcException(TpmRc.HIERARCHY.handle(2));
        }
        if (state.persistent(persistent) != null) {
            throw new TpmRcException(TpmRc.NV_DEFINED.value());
        }
        if (!c.tpm().nvIndices().budget(state.persistentCount()).roomForObject()) {
            throw new TpmRcException(TpmRc.NV_SPACE.value());
        }
        state.addPersistent(persistent, o);
        tpm.permanentChanged();
    }
}
