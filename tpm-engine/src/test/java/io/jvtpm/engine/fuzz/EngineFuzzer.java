package io.jvtpm.engine.fuzz;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.platform.MemoryNvStore;
import io.jvtpm.engine.platform.Platform;
import io.jvtpm.engine.platform.PlatformSignals;
import io.jvtpm.engine.platform.SeededEntropy;
import io.jvtpm.engine.testing.ClientSession;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmaSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The structure-aware engine fuzzer's driver: runs the command families' valid sequences
 * (TPM 2.0 Library Part 3) on an in-memory engine, mutating a share of their commands with
 * {@link Mutator} and carrying on with the valid sequence after a mutated command. Everything
 * follows from the seed (entropy, the platform clock, the choices), so a seed reproduces a run.
 * Every command goes through {@link Harness}, which checks the invariants.
 */
final class EngineFuzzer implements AutoCloseable {
    /** Ends a scenario whose next step needs what a failed command did not give. */
    static final class Abort extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Abort() {
            super(null, null, false, false);
        }
    }

    /** A command family: a weight and a valid sequence of its commands. */
    record Family(String name, int weight, java.util.function.Consumer<EngineFuzzer> body) {
    }

    final Random rnd;
    final World world = new World();
    final FuzzStats stats = new FuzzStats();
    private final long seed;
    private final AtomicLong clock = new AtomicLong(1_000_000L);
    private final InProcessBackend tpm;
    private final Harness harness;
    private final Mutator mutator;
    private final Setup setup;
    private final double mutationRate;
    private final List<Family> families = new ArrayList<>();
    private String family = "setup";
    private boolean mutating;
    private boolean scenarioMutated;
    private boolean lastMutated;
    private int quietAborts;
    private byte[] lastCommand = new byte[0];
    private byte[] lastResponse;

    EngineFuzzer(long seed, double mutationRate, long timeoutMillis) {
        this.seed = seed;
        this.rnd = new Random(seed);
        this.mutationRate = mutationRate;
        this.tpm = InProcessBackend.onPlatform(new Platform(new SeededEntropy(seed), clock::get,
                new MemoryNvStore(), new PlatformSignals()));
        this.harness = new Harness(tpm, seed, timeoutMillis, stats);
        this.mutator = new Mutator(rnd, world);
        this.setup = new Setup(this);
        families.addAll(KeyFamilies.all());
        families.addAll(SessionFamilies.all());
        families.addAll(TpmFamilies.all());
        families.add(DuplicationFamily.family());
        families.add(NvFamily.family());
        families.add(AuditFamily.family());
        families.addAll(PolicyFamilies.all());
    }

    InProcessBackend tpm() {
        return tpm;
    }

    long commands() {
        return harness.count();
    }

    /** Runs scenarios until at least {@code commands} commands were sent. */
    void run(long commands) {
        tpm.init();
        setup.resync();
        int total = families.stream().mapToInt(Family::weight).sum();
        long lastResync = commands();
        while (commands() < commands) {
            if (world.needsResync || quietAborts >= 3 || commands() - lastResync > 5000) {
                setup.resync();
                lastResync = commands();
                quietAborts = 0;
            }
            int pick = rnd.nextInt(total);
            Family f = families.get(0);
            for (Family x : families) {
                pick -= x.weight();
                if (pick < 0) {
                    f = x;
                    break;
                }
            }
            family = f.name();
            mutating = true;
            scenarioMutated = false;
            boolean mutatedBefore = false;
            long before = stats.mutatedCount();
            try {
                f.body().accept(this);
            } catch (Abort a) {
                mutatedBefore = stats.mutatedCount() != before;
                quietAborts = mutatedBefore ? quietAborts : quietAborts + 1;
            } catch (AssertionError e) {
                throw e;
            } catch (RuntimeException e) {
                // a mutated command that succeeded with another shape than the sequence expects
                if (!scenarioMutated) {
                    throw new AssertionError("seed " + seed + ": a valid sequence of " + family
                            + " could not read a response: " + e, e);
                }
                mutatedBefore = true;
            }
            if (!mutatedBefore) {
                quietAborts = 0;
            }
            mutating = false;
            family = "cleanup";
            if (scenarioMutated || rnd.nextInt(16) == 0) {
                setup.sweep();
            } else {
                setup.cleanup();
            }
        }
    }

    /** A draft of the running family. */
    Draft draft(TpmCc cc, int[] handles, List<Auth> auths, Params p) {
        return Draft.of(family, cc.value(), handles, auths, p);
    }

    /** Sends a command (perhaps mutated); its reply. */
    Reply send(Draft d) {
        clock.addAndGet(1 + (rnd.nextInt(64) == 0 ? rnd.nextInt(100_000) : 0));
        boolean mutate = mutating && rnd.nextDouble() < mutationRate;
        lastMutated = mutate;
        Draft x = d;
        int locality = 0;
        if (mutate) {
            stats.mutated();
            scenarioMutated = true;
            x = mutator.mutate(d);
            if (rnd.nextInt(10) == 0) {
                locality = rnd.nextInt(5);
            }
        } else {
            mutator.remember(d);
        }
        CommandMarshaller.Marshalled m = CommandMarshaller.marshal(x, world::name, rnd);
        byte[] bytes = m.bytes();
        boolean rawMutation = mutate && rnd.nextInt(4) == 0;
        if (rawMutation) {
            bytes = mutator.mutateBytes(bytes);
        }
        byte[] r = harness.execute(locality, bytes, x.family());
        lastCommand = bytes;
        lastResponse = r;
        int cc = bytes.length >= 10 ? TpmWire.u32(bytes, 6) : 0;
        Reply reply;
        try {
            reply = Reply.parse(r, CommandMarshaller.responseHandles(cc), x.auths().size());
        } catch (IllegalArgumentException e) {
            if (!mutate) {
                throw harness.failure(e.getMessage(), bytes, r);
            }
            // a mutated command that succeeded with another session count: its sessions are unknown now
            x.auths().stream().filter(a -> a.session() != null).forEach(a -> world.gone(a.handle()));
            return new Reply(TpmWire.responseCode(r), new int[0], new byte[0], List.of(), r);
        }
        if (reply.ok()) {
            afterSuccess(x, m, reply, bytes);
        } else if (!mutate && !scenarioMutated) {
            stats.validFailure(d.family(), d.commandCode(), reply.rc());
        }
        return reply;
    }

    /** Sends a command whose success the rest of the scenario needs. */
    Reply must(Draft d) {
        Reply r = send(d);
        if (!r.ok()) {
            throw new Abort();
        }
        return r;
    }

    /** Rolls the session nonces, checks the response HMACs of unmutated commands, decrypts. */
    private void afterSuccess(Draft d, CommandMarshaller.Marshalled m, Reply reply, byte[] bytes) {
        boolean check = !lastMutated;
        int cc = d.commandCode();
        for (int i = 0; i < d.auths().size() && i < reply.sessions().size(); i++) {
            Auth a = d.auths().get(i);
            ClientSession s = a.session();
            if (s == null) {
                continue;
            }
            Reply.SessionReply sr = reply.sessions().get(i);
            s.nonceTpm(sr.nonceTpm());
            boolean policyPassword = a.authValue() == null && !a.withHmac() && sr.hmac().length == 0;
            if (check && cc != TpmCc.HIERARCHY_CHANGE_AUTH.value() && !policyPassword) {
                byte[] rp = s.rpHash(0, cc, reply.params());
                byte[] want = s.responseHmac(m.keys()[i], rp, sr.attributes());
                if (!Arrays.equals(want, sr.hmac())) {
                    throw harness.failure("a response HMAC that does not verify (session " + (i + 1) + ")", bytes,
                            reply.bytes());
                }
            }
            if ((sr.attributes() & TpmaSession.ENCRYPT) != 0 && (a.attributes() & TpmaSession.ENCRYPT) != 0
                    && reply.params().length >= 2 && s.encrypts()) {
                int size = Math.min(TpmWire.u16(reply.params(), 0), reply.params().length - 2);
                s.decryptResponse(m.cipherKeys()[i], reply.params(), 2, size);
            }
            if ((a.attributes() & TpmaSession.CONTINUE_SESSION) == 0) {
                world.gone(s.handle());
            }
        }
    }

    /** Fails the run with the reproducer of the last command. */
    AssertionError failure(String what) {
        return harness.failure(what, lastCommand, lastResponse);
    }

    /** Random bytes from the run's generator. */
    byte[] bytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    /** Runs {@code body} with mutation off (setup and cleanup steps). */
    void unmutated(Runnable body) {
        boolean was = mutating;
        mutating = false;
        try {
            body.run();
        } finally {
            mutating = was;
        }
    }

    /** True when the last command sent was mutated. */
    boolean lastMutated() {
        return lastMutated;
    }

    /** True while no command of the running scenario was mutated (its results can be compared). */
    boolean unchanged() {
        return !scenarioMutated;
    }

    String family() {
        return family;
    }

    void family(String name) {
        family = name;
    }

    long seed() {
        return seed;
    }

    @Override
    public void close() {
        harness.close();
    }
}
