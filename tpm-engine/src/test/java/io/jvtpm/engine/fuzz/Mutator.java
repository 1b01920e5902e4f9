package io.jvtpm.engine.fuzz;

import io.jvtpm.engine.command.CommandSpec;
import io.jvtpm.engine.command.CommandTable;
import io.jvtpm.engine.testing.ClientSession;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSt;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmaSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Field-aware mutations of a command (TPM 2.0 Library Part 1, 18.2 and Part 2's structures):
 * before marshalling (so that the session HMACs still cover the mutated command and the mutation
 * reaches past authorization) it swaps handles for other live or dead ones, changes session
 * attributes, swaps, drops, adds or spoils sessions, changes algorithm IDs, size fields,
 * handle-valued and flag parameters, splices another family's parameters or command code, cuts
 * or extends the parameters and flips their bits; after marshalling it changes the tag, the size
 * fields, or cuts, extends and flips the bytes.
 */
final class Mutator {
    private static final int[] ALGS = {0x0000, 0x0001, 0x0004, 0x0005, 0x0006, 0x0008, 0x000A, 0x000B, 0x000C,
        0x000D, 0x0010, 0x0012, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D,
        0x0020, 0x0022, 0x0023, 0x0025, 0x0027, 0x0029, 0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0002, 0x0003,
        0x00FF, 0x7FFF, 0x8000, 0xFFFF};
    private static final int[] CODES = new CommandTable().all().stream().mapToInt(s -> s.cc().value()).toArray();

    private final Random rnd;
    private final World world;
    private final List<Draft> recent = new ArrayList<>();

    Mutator(Random rnd, World world) {
        this.rnd = rnd;
        this.world = world;
    }

    /** Remembers a valid draft for later splicing. */
    void remember(Draft d) {
        if (recent.size() < 64) {
            recent.add(d);
        } else {
            recent.set(rnd.nextInt(recent.size()), d);
        }
    }

    /** A handle: live, dead, permanent, a PCR, a persistent one, or random. */
    int handle() {
        List<Integer> live = world.live();
        List<Integer> dead = world.dead();
        return switch (rnd.nextInt(8)) {
            case 0, 1 -> live.isEmpty() ? TpmRh.OWNER.value() : live.get(rnd.nextInt(live.size()));
            case 2 -> dead.isEmpty() ? 0x80000000 : dead.get(rnd.nextInt(dead.size()));
            case 3 -> TpmRh.values()[rnd.nextInt(TpmRh.values().length)].value();
            case 4 -> rnd.nextInt(26);
            case 5 -> 0x81000000 + rnd.nextInt(4) + (rnd.nextBoolean() ? 0x10000 : 0);
            case 6 -> (rnd.nextInt(4) == 0 ? 0x03000000 : 0x02000000) + rnd.nextInt(4);
            default -> rnd.nextInt();
        };
    }

    Draft mutate(Draft d) {
        return switch (rnd.nextInt(14)) {
            case 0, 1 -> swapHandle(d);
            case 2 -> attributes(d);
            case 3 -> sessions(d);
            case 4 -> spoil(d);
            case 5 -> field(d, Params.Kind.ALG);
            case 6 -> field(d, Params.Kind.SIZE);
            case 7 -> field(rnd.nextBoolean() ? d : field(d, Params.Kind.HANDLE), Params.Kind.FLAG);
            case 8 -> splice(d);
            case 9 -> d.withParams(Arrays.copyOf(d.params(), rnd.nextInt(d.params().length + 1)), d.fields());
            case 10 -> extend(d);
            default -> flip(d);
        };
    }

    private Draft swapHandle(Draft d) {
        if (d.handles().length == 0) {
            return field(d, Params.Kind.HANDLE);
        }
        int[] h = d.handles().clone();
        h[rnd.nextInt(h.length)] = handle();
        return d.withHandles(h);
    }

    private Draft attributes(Draft d) {
        if (d.auths().isEmpty()) {
            return sessions(d);
        }
        List<Auth> a = new ArrayList<>(d.auths());
        int i = rnd.nextInt(a.size());
        int bits = switch (rnd.nextInt(4)) {
            case 0 -> rnd.nextInt(256);
            case 1 -> a.get(i).attributes() ^ (1 << rnd.nextInt(8));
            case 2 -> a.get(i).attributes() | TpmaSession.DECRYPT | TpmaSession.ENCRYPT;
            default -> a.get(i).attributes() & ~TpmaSession.CONTINUE_SESSION;
        };
        a.set(i, a.get(i).withAttributes(bits));
        return d.withAuths(a);
    }

    /** Drops a session, adds one, or puts another session (or a password) in a session's place. */
    private Draft sessions(Draft d) {
        List<Auth> a = new ArrayList<>(d.auths());
        List<ClientSession> live = world.sessions();
        int what = rnd.nextInt(3);
        if (what == 0 && !a.isEmpty()) {
            a.remove(rnd.nextInt(a.size()));
        } else if (what == 1 || a.isEmpty()) {
            int attrs = TpmaSession.CONTINUE_SESSION | (rnd.nextBoolean() ? TpmaSession.DECRYPT : TpmaSession.ENCRYPT);
            a.add(rnd.nextInt(a.size() + 1), live.isEmpty() || rnd.nextInt(3) == 0 ? Auth.empty()
                    : Auth.extra(live.get(rnd.nextInt(live.size())), attrs));
        } else {
            int i = rnd.nextInt(a.size());
            Auth old = a.get(i);
            a.set(i, live.isEmpty() || rnd.nextBoolean() ? Auth.password(old.authValue() == null ? new byte[0]
                    : old.authValue()) : Auth.hmac(live.get(rnd.nextInt(live.size())), old.attributes(),
                            old.authValue()));
        }
        return d.withAuths(a);
    }

    private Draft spoil(Draft d) {
        if (d.auths().isEmpty()) {
            return sessions(d);
        }
        List<Auth> a = new ArrayList<>(d.auths());
        int i = rnd.nextInt(a.size());
        a.set(i, a.get(i).wrong());
        return d.withAuths(a);
    }

    private Draft field(Draft d, Params.Kind kind) {
        List<Params.Field> f = d.fields().stream().filter(x -> x.kind() == kind).toList();
        if (f.isEmpty()) {
            return flip(d);
        }
        Params.Field x = f.get(rnd.nextInt(f.size()));
        byte[] p = d.params().clone();
        switch (kind) {
            case ALG -> put16(p, x.offset(), ALGS[rnd.nextInt(ALGS.length)]);
            case SIZE -> {
                int old = x.offset() + 2 <= p.length ? TpmWire.u16(p, x.offset()) : 0;
                int[] choices = {0, old + 1, old - 1, old + 2 + rnd.nextInt(64), 0xFFFF, 0x8000, rnd.nextInt(0x10000),
                    old * 2, 1};
                put16(p, x.offset(), choices[rnd.nextInt(choices.length)]);
            }
            case HANDLE -> put32(p, x.offset(), handle());
            case FLAG -> {
                if (x.offset() < p.length) {
                    p[x.offset()] = (byte) (rnd.nextBoolean() ? rnd.nextInt(4) : rnd.nextInt(256));
                }
            }
            default -> throw new IllegalStateException();
        }
        return d.withParams(p, d.fields());
    }

    /** Another command code with these parameters, or these handles with another draft's parameters. */
    private Draft splice(Draft d) {
        if (recent.isEmpty() || rnd.nextBoolean()) {
            int cc = switch (rnd.nextInt(3)) {
                case 0 -> CODES[rnd.nextInt(CODES.length)];
                case 1 -> d.commandCode() + (rnd.nextBoolean() ? 1 : -1);
                default -> rnd.nextInt(4) == 0 ? rnd.nextInt() : 0x11F + rnd.nextInt(0x80);
            };
            return adjustHandles(d.withCode(cc));
        }
        Draft o = recent.get(rnd.nextInt(recent.size()));
        return switch (rnd.nextInt(3)) {
            case 0 -> d.withParams(o.params(), o.fields());
            case 1 -> o.withAuths(d.auths());
            default -> adjustHandles(d.withCode(o.commandCode()));
        };
    }

    /** Usually fits the handle area to what the new command code takes. */
    private Draft adjustHandles(Draft d) {
        CommandSpec s = new CommandTable().lookup(d.commandCode());
        if (s == null || rnd.nextInt(4) == 0) {
            return d;
        }
        int[] h = Arrays.copyOf(d.handles(), s.handles().size());
        for (int i = d.handles().length; i < h.length; i++) {
            h[i] = handle();
        }
        return d.withHandles(h);
    }

    private Draft extend(Draft d) {
        byte[] more = new byte[1 + rnd.nextInt(rnd.nextInt(8) == 0 ? 2000 : 16)];
        rnd.nextBytes(more);
        byte[] p = Arrays.copyOf(d.params(), d.params().length + more.length);
        System.arraycopy(more, 0, p, d.params().length, more.length);
        return d.withParams(p, d.fields());
    }

    private Draft flip(Draft d) {
        byte[] p = d.params().clone();
        if (p.length == 0) {
            return extend(d);
        }
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            int at = rnd.nextInt(p.length);
            p[at] = rnd.nextBoolean() ? (byte) (p[at] ^ (1 << rnd.nextInt(8))) : (byte) rnd.nextInt(256);
        }
        return d.withParams(p, d.fields());
    }

    /** Mutates the marshalled bytes: tag, sizes, cuts, extensions, bit flips. */
    byte[] mutateBytes(byte[] c) {
        byte[] b = c.clone();
        switch (rnd.nextInt(7)) {
            case 0 -> {
                int[] tags = {TpmSt.NO_SESSIONS.value(), TpmSt.SESSIONS.value(), 0x00C4, 0x00C1, rnd.nextInt(0x10000)};
                put16(b, 0, tags[rnd.nextInt(tags.length)]);
            }
            case 1 -> put32(b, 2, rnd.nextBoolean() ? b.length + rnd.nextInt(9) - 4 : rnd.nextInt());
            case 2 -> {
                b = Arrays.copyOf(b, rnd.nextInt(b.length + 1));
                fixSize(b);
            }
            case 3 -> {
                b = Arrays.copyOf(b, b.length + 1 + rnd.nextInt(64));
                for (int i = c.length; i < b.length; i++) {
                    b[i] = (byte) rnd.nextInt(256);
                }
                if (rnd.nextInt(4) != 0) {
                    fixSize(b);
                }
            }
            case 4 -> {
                // authorizationSize (when the command has sessions), at a handle boundary
                int at = 10 + 4 * rnd.nextInt(3);
                put32(b, at, rnd.nextBoolean() ? rnd.nextInt(64) : rnd.nextInt());
            }
            default -> {
                int n = 1 + rnd.nextInt(4);
                for (int i = 0; i < n && b.length > 0; i++) {
                    int at = rnd.nextInt(b.length);
                    b[at] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
        }
        return b;
    }

    private static void fixSize(byte[] b) {
        put32(b, 2, b.length);
    }

    private static void put16(byte[] b, int at, int v) {
        if (at + 2 <= b.length) {
            b[at] = (byte) (v >>> 8);
            b[at + 1] = (byte) v;
        }
    }

    private static void put32(byte[] b, int at, int v) {
        if (at + 4 <= b.length) {
            b[at] = (byte) (v >>> 24);
            b[at + 1] = (byte) (v >>> 16);
            b[at + 2] = (byte) (v >>> 8);
            b[at + 3] = (byte) v;
        }
    }
}
