package io.jvtpm.engine.fuzz;

import io.jvtpm.engine.testing.ClientSession;
import io.jvtpm.engine.wire.TpmWire;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the fuzzer knows of the engine's state: the Names and authValues of the objects it made
 * (TPM 2.0 Library Part 1, 16: a Name is nameAlg || H(publicArea); a handle's Name for the
 * others), the standing keys every family may use, the sessions of the running scenario, handles
 * that were live once (for mutations that reach for dead handles) and saved contexts.
 */
final class World {
    /** The standing keys, made at every resynchronisation. */
    int srk;
    int ek;
    int rsaKey;
    int signKey;
    int hmacKey;
    int aesKey;
    /** Create's outPrivate and outPublic of the RSA key (made once per run). */
    byte[] rsaPrivate;
    byte[] rsaPublic;
    /** The RSA storage key's modulus, for salts. */
    byte[] ekModulus;
    /** The ECC storage key's public point, for salts. */
    byte[] srkX;
    byte[] srkY;

    private final Map<Integer, byte[]> names = new HashMap<>();
    private final Map<Integer, byte[]> auths = new HashMap<>();
    private final Set<Integer> kept = new HashSet<>();
    private final Map<Integer, ClientSession> sessions = new HashMap<>();
    private final Deque<Integer> dead = new ArrayDeque<>();
    private final List<byte[]> contexts = new ArrayList<>();
    boolean needsResync;

    /** The Name used in cpHash for {@code handle}. */
    byte[] name(int handle) {
        byte[] n = names.get(handle);
        return n != null ? n : TpmWire.u32Bytes(handle);
    }

    void object(int handle, byte[] name, byte[] authValue) {
        names.put(handle, name);
        auths.put(handle, authValue);
    }

    byte[] auth(int handle) {
        return auths.getOrDefault(handle, new byte[0]);
    }

    void keep(int handle) {
        kept.add(handle);
    }

    boolean isKept(int handle) {
        return kept.contains(handle);
    }

    Set<Integer> kept() {
        return Set.copyOf(kept);
    }

    void session(ClientSession s) {
        sessions.put(s.handle(), s);
    }

    List<ClientSession> sessions() {
        return List.copyOf(sessions.values());
    }

    /** A handle that is gone: forgotten, and remembered as dead. */
    void gone(int handle) {
        names.remove(handle);
        auths.remove(handle);
        sessions.remove(handle);
        kept.remove(handle);
        dead.addLast(handle);
        if (dead.size() > 32) {
            dead.removeFirst();
        }
    }

    List<Integer> dead() {
        return List.copyOf(dead);
    }

    /** Every handle the fuzzer currently knows of. */
    List<Integer> live() {
        List<Integer> r = new ArrayList<>(names.keySet());
        r.addAll(sessions.keySet());
        r.sort(null);
        return r;
    }

    void context(byte[] blob) {
        contexts.add(blob);
        if (contexts.size() > 16) {
            contexts.remove(0);
        }
    }

    List<byte[]> contexts() {
        return contexts;
    }

    /** Forgets all objects and sessions (after a TPM Reset). */
    void forgetAll() {
        for (Integer h : live()) {
            gone(h);
        }
        kept.clear();
    }
}
