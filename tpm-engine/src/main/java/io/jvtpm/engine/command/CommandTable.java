package io.jvtpm.engine.command;

import static io.jvtpm.engine.command.AuthRole.ADMIN;
import static io.jvtpm.engine.command.AuthRole.NONE;
import static io.jvtpm.engine.command.AuthRole.USER;

import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmPt;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The command attribute table (TPM 2.0 Library Part 3's command tables, and the TPMA_CC of
 * Part 2, 8.9): every implemented command with its handles, authorization roles, response
 * handle, NV/flush attributes and action. GetCapability(TPM_CAP_COMMANDS) reports exactly this
 * table, and a command code not in it is TPM_RC_COMMAND_CODE.
 */
public final class CommandTable {
    private final List<CommandSpec> all;
    private final CommandSpec[] byIndex;
    private final CapabilityCommands capabilities;

    public CommandTable() {
        HashCommands hash = new HashCommands();
        CapabilityCommands cap = new CapabilityCommands(this);
        capabilities = cap;
        List<CommandSpec> l = new ArrayList<>();
        // cc, handles, roles, rHandle, nv, flushed, noSessions, action
        l.add(spec(TpmCc.HIERARCHY_CONTROL, List.of(HandleKind.RH_HIERARCHY), List.of(USER), false, true, false,
                HierarchyCommands::hierarchyControl));
        l.add(spec(TpmCc.CLEAR, List.of(HandleKind.RH_CLEAR), List.of(USER), false, true, false,
                HierarchyCommands::clear));
        l.add(spec(TpmCc.CLEAR_CONTROL, List.of(HandleKind.RH_CLEAR), List.of(USER), false, true, false,
                HierarchyCommands::clearControl));
        l.add(spec(TpmCc.CLOCK_SET, List.of(HandleKind.RH_PROVISION), List.of(USER), false, true, false,
                ClockCommands::clockSet));
        l.add(spec(TpmCc.HIERARCHY_CHANGE_AUTH, List.of(HandleKind.RH_HIERARCHY_AUTH), List.of(USER), false, true,
                false, HierarchyCommands::hierarchyChangeAuth));
        l.add(spec(TpmCc.PCR_ALLOCATE, List.of(HandleKind.RH_PLATFORM), List.of(USER), false, true, false,
                PcrCommands::pcrAllocate));
        l.add(spec(TpmCc.CLOCK_RATE_ADJUST, List.of(HandleKind.RH_PROVISION), List.of(USER), false, false, false,
                ClockCommands::clockRateAdjust));
        l.add(spec(TpmCc.PCR_EVENT, List.of(HandleKind.DH_PCR_OR_NULL), List.of(USER), false, true, false,
                PcrCommands::pcrEvent));
        l.add(spec(TpmCc.PCR_RESET, List.of(HandleKind.DH_PCR), List.of(USER), false, true, false,
                PcrCommands::pcrReset));
        l.add(spec(TpmCc.SEQUENCE_COMPLETE, List.of(HandleKind.DH_OBJECT), List.of(USER), false, false, true,
                hash::sequenceComplete));
        l.add(spec(TpmCc.INCREMENTAL_SELF_TEST, List.of(), List.of(), false, true, false,
                TestingCommands::incrementalSelfTest));
        l.add(spec(TpmCc.SELF_TEST, List.of(), List.of(), false, true, false, TestingCommands::selfTest));
        l.add(spec(TpmCc.STARTUP, List.of(), List.of(), false, true, false, StartupCommands::startup));
        l.add(spec(TpmCc.SHUTDOWN, List.of(), List.of(), false, true, false, StartupCommands::shutdown));
        l.add(spec(TpmCc.STIR_RANDOM, List.of(), List.of(), false, true, false, RandomCommands::stirRandom));
        l.add(spec(TpmCc.SEQUENCE_UPDATE, List.of(HandleKind.DH_OBJECT), List.of(USER), false, false, false,
                HashCommands::sequenceUpdate));
        l.add(new CommandSpec(TpmCc.FLUSH_CONTEXT, List.of(), List.of(), false, false, false, true,
                HashCommands::flushContext));
        l.add(spec(TpmCc.GET_CAPABILITY, List.of(), List.of(), false, false, false, cap::getCapability));
        l.add(spec(TpmCc.GET_RANDOM, List.of(), List.of(), false, false, false, RandomCommands::getRandom));
        l.add(spec(TpmCc.GET_TEST_RESULT, List.of(), List.of(), false, false, false, TestingCommands::getTestResult));
        l.add(spec(TpmCc.HASH, List.of(), List.of(), false, false, false, hash::hash));
        l.add(spec(TpmCc.PCR_READ, List.of(), List.of(), false, false, false, PcrCommands::pcrRead));
        l.add(spec(TpmCc.READ_CLOCK, List.of(), List.of(), false, false, false, ClockCommands::readClock));
        l.add(spec(TpmCc.PCR_EXTEND, List.of(HandleKind.DH_PCR_OR_NULL), List.of(USER), false, true, false,
                PcrCommands::pcrExtend));
        l.add(spec(TpmCc.EVENT_SEQUENCE_COMPLETE, List.of(HandleKind.DH_PCR_OR_NULL, HandleKind.DH_OBJECT),
                List.of(USER, USER), false, true, true, HashCommands::eventSequenceComplete));
        l.add(spec(TpmCc.HASH_SEQUENCE_START, List.of(), List.of(), true, false, false,
                HashCommands::hashSequenceStart));
        l.add(spec(TpmCc.TEST_PARMS, List.of(), List.of(), false, false, false, TestingCommands::testParms));
        // objects, keys and attestation
        HandleKind obj = HandleKind.DH_OBJECT;
        l.add(spec(TpmCc.EVICT_CONTROL, List.of(HandleKind.RH_PROVISION, obj), List.of(USER, NONE), false, true,
                false, ObjectCommands::evictControl));
        l.add(spec(TpmCc.CHANGE_EPS, List.of(HandleKind.RH_PLATFORM), List.of(USER), false, true, false,
                SeedCommands::changeEps));
        l.add(spec(TpmCc.CHANGE_PPS, List.of(HandleKind.RH_PLATFORM), List.of(USER), false, true, false,
                SeedCommands::changePps));
        l.add(spec(TpmCc.CREATE_PRIMARY, List.of(HandleKind.RH_HIERARCHY_OR_NULL), List.of(USER), true, false, false,
                ObjectCommands::createPrimary));
        l.add(spec(TpmCc.CERTIFY, List.of(obj, HandleKind.DH_OBJECT_OR_NULL), List.of(ADMIN, USER), false, false,
                false, AttestationCommands::certify));
        l.add(spec(TpmCc.CERTIFY_CREATION, List.of(HandleKind.DH_OBJECT_OR_NULL, obj), List.of(USER, NONE), false,
                false, false, AttestationCommands::certifyCreation));
        l.add(spec(TpmCc.GET_TIME, List.of(HandleKind.RH_ENDORSEMENT, HandleKind.DH_OBJECT_OR_NULL),
                List.of(USER, USER), false, false, false, AttestationCommands::getTime));
        l.add(spec(TpmCc.OBJECT_CHANGE_AUTH, List.of(obj, obj), List.of(ADMIN, NONE), false, false, false,
                ObjectCommands::objectChangeAuth));
        l.add(spec(TpmCc.CREATE, List.of(obj), List.of(USER), false, false, false, ObjectCommands::create));
        l.add(spec(TpmCc.ECDH_ZGEN, List.of(obj), List.of(USER), false, false, false, AsymmetricCommands::ecdhZGen));
        l.add(spec(TpmCc.HMAC, List.of(obj), List.of(USER), false, false, false, SigningCommands::hmac));
        l.add(spec(TpmCc.LOAD, List.of(obj), List.of(USER), true, false, false, ObjectCommands::load));
        l.add(spec(TpmCc.QUOTE, List.of(obj), List.of(USER), false, false, false, AttestationCommands::quote));
        l.add(spec(TpmCc.RSA_DECRYPT, List.of(obj), List.of(USER), false, false, false,
                AsymmetricCommands::rsaDecrypt));
        l.add(spec(TpmCc.SIGN, List.of(obj), List.of(USER), false, false, false, SigningCommands::sign));
        l.add(spec(TpmCc.UNSEAL, List.of(obj), List.of(USER), false, false, false, ObjectCommands::unseal));
        l.add(spec(TpmCc.CONTEXT_LOAD, List.of(), List.of(), true, false, false, ContextCommands::contextLoad));
        l.add(spec(TpmCc.CONTEXT_SAVE, List.of(HandleKind.DH_CONTEXT), List.of(NONE), false, false, false,
                ContextCommands::contextSave));
        l.add(spec(TpmCc.ECDH_KEYGEN, List.of(obj), List.of(NONE), false, false, false,
                AsymmetricCommands::ecdhKeyGen));
        l.add(spec(TpmCc.ENCRYPT_DECRYPT, List.of(obj), List.of(USER), false, false, false,
                SymmetricCommands::encryptDecrypt));
        l.add(spec(TpmCc.LOAD_EXTERNAL, List.of(), List.of(), true, false, false, ObjectCommands::loadExternal));
        l.add(spec(TpmCc.READ_PUBLIC, List.of(obj), List.of(NONE), false, false, false, ObjectCommands::readPublic));
        l.add(spec(TpmCc.RSA_ENCRYPT, List.of(obj), List.of(NONE), false, false, false,
                AsymmetricCommands::rsaEncrypt));
        l.add(spec(TpmCc.START_AUTH_SESSION, List.of(HandleKind.DH_OBJECT_OR_NULL, HandleKind.DH_ENTITY_OR_NULL),
                List.of(NONE, NONE), true, false, false, SessionCommands::startAuthSession));
        l.add(spec(TpmCc.ACTIVATE_CREDENTIAL, List.of(obj, obj), List.of(ADMIN, USER), false, false, false,
                CredentialCommands::activateCredential));
        l.add(spec(TpmCc.IMPORT, List.of(obj), List.of(USER), false, false, false, CredentialCommands::importObject));
        l.add(spec(TpmCc.MAKE_CREDENTIAL, List.of(obj), List.of(NONE), false, false, false,
                CredentialCommands::makeCredential));
        PolicyCommands policy = new PolicyCommands(this);
        HandleKind ps = HandleKind.SH_POLICY;
        l.add(spec(TpmCc.POLICY_SECRET, List.of(HandleKind.DH_ENTITY_OR_NULL, ps), List.of(USER, NONE), false, false,
                false, PolicyCommands::policySecret));
        l.add(spec(TpmCc.POLICY_AUTH_VALUE, List.of(ps), List.of(NONE), false, false, false,
                PolicyCommands::policyAuthValue));
        l.add(spec(TpmCc.POLICY_COMMAND_CODE, List.of(ps), List.of(NONE), false, false, false,
                policy::policyCommandCode));
        l.add(spec(TpmCc.POLICY_PCR, List.of(ps), List.of(NONE), false, false, false, PolicyCommands::policyPcr));
        l.add(spec(TpmCc.POLICY_RESTART, List.of(ps), List.of(NONE), false, false, false,
                PolicyCommands::policyRestart));
        l.add(spec(TpmCc.POLICY_GET_DIGEST, List.of(ps), List.of(NONE), false, false, false,
                PolicyCommands::policyGetDigest));
        l.add(spec(TpmCc.POLICY_PASSWORD, List.of(ps), List.of(NONE), false, false, false,
                PolicyCommands::policyPassword));
        l.add(spec(TpmCc.DUPLICATE, List.of(obj, HandleKind.DH_OBJECT_OR_NULL), List.of(AuthRole.DUP, NONE), false,
                false, false, DuplicationCommands::duplicate));
        l.add(spec(TpmCc.ECC_PARAMETERS, List.of(), List.of(), false, false, false,
                AsymmetricCommands::eccParameters));
        l.add(spec(TpmCc.REWRAP, List.of(HandleKind.DH_OBJECT_OR_NULL, HandleKind.DH_OBJECT_OR_NULL),
                List.of(USER, NONE), false, false, false, DuplicationCommands::rewrap));
        l.add(spec(TpmCc.HMAC_START, List.of(obj), List.of(USER), true, false, false, SigningCommands::hmacStart));
        l.add(spec(TpmCc.VERIFY_SIGNATURE, List.of(obj), List.of(NONE), false, false, false,
                SigningCommands::verifySignature));
        l.add(spec(TpmCc.CREATE_LOADED, List.of(HandleKind.DH_PARENT_OR_NULL), List.of(USER), true, false, false,
                ObjectCommands::createLoaded));
        l.add(spec(TpmCc.ENCRYPT_DECRYPT2, List.of(obj), List.of(USER), false, false, false,
                SymmetricCommands::encryptDecrypt2));
        l.sort(Comparator.comparingInt(s -> s.cc().value()));
        all = List.copyOf(l);
        int max = all.get(all.size() - 1).cc().value();
        byIndex = new CommandSpec[max - TpmCc.FIRST + 1];
        for (CommandSpec s : all) {
            byIndex[s.cc().value() - TpmCc.FIRST] = s;
        }
        if (all.stream().map(CommandSpec::cc).distinct().count() != all.size()) {
            throw new IllegalStateException("duplicate command in the table");
        }
    }

    private static CommandSpec spec(TpmCc cc, List<HandleKind> handles, List<AuthRole> roles, boolean rHandle,
            boolean nv, boolean flushed, CommandHandler h) {
        return new CommandSpec(cc, handles, roles, rHandle, nv, flushed, false, h);
    }

    /** The implemented command with this code, or null. */
    public CommandSpec lookup(int cc) {
        int i = cc - TpmCc.FIRST;
        return i >= 0 && i < byIndex.length ? byIndex[i] : null;
    }

    /** The value GetCapability reports for TPM property {@code pt}. */
    int fixedProperty(TpmEngine tpm, TpmPt pt) {
        return capabilities.value(tpm, pt);
    }

    /** Every implemented command, ascending by command code. */
    public List<CommandSpec> all() {
        return all;
    }
}
