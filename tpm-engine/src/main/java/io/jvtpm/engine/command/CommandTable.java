package io.jvtpm.engine.command;

import static io.jvtpm.engine.command.AuthRole.ADMIN;
import static io.jvtpm.engine.command.AuthRole.DUP;
import static io.jvtpm.engine.command.AuthRole.NONE;
import static io.jvtpm.engine.command.AuthRole.USER;
import static io.jvtpm.engine.command.CommandSpec.command;
import static io.jvtpm.engine.command.HandleKind.DH_CONTEXT;
import static io.jvtpm.engine.command.HandleKind.DH_ENTITY;
import static io.jvtpm.engine.command.HandleKind.DH_ENTITY_OR_NULL;
import static io.jvtpm.engine.command.HandleKind.DH_OBJECT;
import static io.jvtpm.engine.command.HandleKind.DH_OBJECT_OR_NULL;
import static io.jvtpm.engine.command.HandleKind.DH_PARENT_OR_NULL;
import static io.jvtpm.engine.command.HandleKind.DH_PCR;
import static io.jvtpm.engine.command.HandleKind.DH_PCR_OR_NULL;
import static io.jvtpm.engine.command.HandleKind.RH_CLEAR;
import static io.jvtpm.engine.command.HandleKind.RH_ENDORSEMENT;
import static io.jvtpm.engine.command.HandleKind.RH_HIERARCHY;
import static io.jvtpm.engine.command.HandleKind.RH_HIERARCHY_AUTH;
import static io.jvtpm.engine.command.HandleKind.RH_HIERARCHY_OR_NULL;
import static io.jvtpm.engine.command.HandleKind.RH_LOCKOUT;
import static io.jvtpm.engine.command.HandleKind.RH_NV_AUTH;
import static io.jvtpm.engine.command.HandleKind.RH_NV_INDEX;
import static io.jvtpm.engine.command.HandleKind.RH_PLATFORM;
import static io.jvtpm.engine.command.HandleKind.RH_PROVISION;
import static io.jvtpm.engine.command.HandleKind.SH_HMAC;
import static io.jvtpm.engine.command.HandleKind.SH_POLICY;

import io.jvtpm.engine.command.policy.PolicyAssertions;
import io.jvtpm.engine.command.policy.PolicyAuthorizations;
import io.jvtpm.engine.command.policy.PolicyCombinations;
import io.jvtpm.engine.command.policy.PolicyConditions;
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
        capabilities = new CapabilityCommands(this);
        List<CommandSpec> l = new ArrayList<>();
        addTpmCommands(l, new HashCommands(), capabilities);
        addObjectCommands(l);
        addPolicyAndDuplicationCommands(l, new PolicyAssertions(cc -> lookup(cc) != null));
        addNvCommands(l);
        addAuditCommands(l, new AuditCommands(this));
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

    /** Hierarchies, Clock, PCRs, startup, self test, random numbers, hash sequences, capabilities. */
    private static void addTpmCommands(List<CommandSpec> l, HashCommands hash, CapabilityCommands cap) {
        l.add(command(TpmCc.HIERARCHY_CONTROL, HierarchyCommands::hierarchyControl)
                .handle(RH_HIERARCHY, USER).nv().build());
        l.add(command(TpmCc.CLEAR, HierarchyCommands::clear).handle(RH_CLEAR, USER).nv().build());
        l.add(command(TpmCc.CLEAR_CONTROL, HierarchyCommands::clearControl).handle(RH_CLEAR, USER).nv().build());
        l.add(command(TpmCc.CLOCK_SET, ClockCommands::clockSet).handle(RH_PROVISION, USER).nv().build());
        l.add(command(TpmCc.HIERARCHY_CHANGE_AUTH, HierarchyCommands::hierarchyChangeAuth)
                .handle(RH_HIERARCHY_AUTH, USER).nv().decrypt().build());
        l.add(command(TpmCc.DICTIONARY_ATTACK_LOCK_RESET, DictionaryCommands::lockReset)
                .handle(RH_LOCKOUT, USER).nv().build());
        l.add(command(TpmCc.DICTIONARY_ATTACK_PARAMETERS, DictionaryCommands::parameters)
                .handle(RH_LOCKOUT, USER).nv().build());
        l.add(command(TpmCc.PCR_ALLOCATE, PcrCommands::pcrAllocate).handle(RH_PLATFORM, USER).nv().build());
        l.add(command(TpmCc.CLOCK_RATE_ADJUST, ClockCommands::clockRateAdjust).handle(RH_PROVISION, USER).build());
        l.add(command(TpmCc.PCR_EVENT, PcrCommands::pcrEvent).handle(DH_PCR_OR_NULL, USER).nv().decrypt().build());
        l.add(command(TpmCc.PCR_RESET, PcrCommands::pcrReset).handle(DH_PCR, USER).nv().build());
        l.add(command(TpmCc.PCR_SET_AUTH_POLICY, PcrCommands::pcrSetAuthPolicy)
                .handle(RH_PLATFORM, USER).nv().decrypt().build());
        l.add(command(TpmCc.PCR_SET_AUTH_VALUE, PcrCommands::pcrSetAuthValue).handle(DH_PCR, USER).decrypt().build());
        l.add(command(TpmCc.SET_PRIMARY_POLICY, HierarchyCommands::setPrimaryPolicy)
                .handle(RH_HIERARCHY_AUTH, USER).nv().decrypt().build());
        l.add(command(TpmCc.SEQUENCE_COMPLETE, hash::sequenceComplete)
                .handle(DH_OBJECT, USER).flushed().decrypt().encrypt().build());
        l.add(command(TpmCc.INCREMENTAL_SELF_TEST, TestingCommands::incrementalSelfTest).nv().build());
        l.add(command(TpmCc.SELF_TEST, TestingCommands::selfTest).nv().build());
        l.add(command(TpmCc.STARTUP, StartupCommands::startup).nv().noSessions().build());
        l.add(command(TpmCc.SHUTDOWN, StartupCommands::shutdown).nv().build());
        l.add(command(TpmCc.STIR_RANDOM, RandomCommands::stirRandom).nv().decrypt().build());
        l.add(command(TpmCc.SEQUENCE_UPDATE, HashCommands::sequenceUpdate).handle(DH_OBJECT, USER).decrypt().build());
        l.add(command(TpmCc.FLUSH_CONTEXT, HashCommands::flushContext).noSessions().build());
        l.add(command(TpmCc.GET_CAPABILITY, cap::getCapability).build());
        l.add(command(TpmCc.GET_RANDOM, RandomCommands::getRandom).encrypt().build());
        l.add(command(TpmCc.GET_TEST_RESULT, TestingCommands::getTestResult).encrypt().build());
        l.add(command(TpmCc.HASH, hash::hash).decrypt().encrypt().build());
        l.add(command(TpmCc.PCR_READ, PcrCommands::pcrRead).build());
        l.add(command(TpmCc.READ_CLOCK, ClockCommands::readClock).build());
        l.add(command(TpmCc.PCR_EXTEND, PcrCommands::pcrExtend).handle(DH_PCR_OR_NULL, USER).nv().build());
        l.add(command(TpmCc.EVENT_SEQUENCE_COMPLETE, HashCommands::eventSequenceComplete)
                .handle(DH_PCR_OR_NULL, USER).handle(DH_OBJECT, USER).nv().flushed().decrypt().build());
        l.add(command(TpmCc.HASH_SEQUENCE_START, HashCommands::hashSequenceStart).responseHandle().decrypt().build());
        l.add(command(TpmCc.TEST_PARMS, TestingCommands::testParms).build());
    }

    /** Objects, keys, contexts, sessions, credentials and attestation. */
    private static void addObjectCommands(List<CommandSpec> l) {
        l.add(command(TpmCc.EVICT_CONTROL, ObjectCommands::evictControl)
                .handle(RH_PROVISION, USER).handle(DH_OBJECT, NONE).nv().build());
        l.add(command(TpmCc.CHANGE_EPS, SeedCommands::changeEps).handle(RH_PLATFORM, USER).nv().build());
        l.add(command(TpmCc.CHANGE_PPS, SeedCommands::changePps).handle(RH_PLATFORM, USER).nv().build());
        l.add(command(TpmCc.CREATE_PRIMARY, ObjectCommands::createPrimary)
                .handle(RH_HIERARCHY_OR_NULL, USER).responseHandle().decrypt().encrypt().build());
        l.add(command(TpmCc.CERTIFY, AttestationCommands::certify)
                .handle(DH_OBJECT, ADMIN).handle(DH_OBJECT_OR_NULL, USER).decrypt().encrypt().build());
        l.add(command(TpmCc.CERTIFY_CREATION, AttestationCommands::certifyCreation)
                .handle(DH_OBJECT_OR_NULL, USER).handle(DH_OBJECT, NONE).decrypt().encrypt().build());
        l.add(command(TpmCc.GET_TIME, AttestationCommands::getTime)
                .handle(RH_ENDORSEMENT, USER).handle(DH_OBJECT_OR_NULL, USER).decrypt().encrypt().build());
        l.add(command(TpmCc.OBJECT_CHANGE_AUTH, ObjectCommands::objectChangeAuth)
                .handle(DH_OBJECT, ADMIN).handle(DH_OBJECT, NONE).decrypt().encrypt().build());
        l.add(command(TpmCc.CREATE, ObjectCommands::create).handle(DH_OBJECT, USER).decrypt().encrypt().build());
        l.add(command(TpmCc.ECDH_ZGEN, AsymmetricCommands::ecdhZGen)
                .handle(DH_OBJECT, USER).decrypt().encrypt().build());
        l.add(command(TpmCc.HMAC, SigningCommands::hmac).handle(DH_OBJECT, USER).decrypt().encrypt().build());
        l.add(command(TpmCc.LOAD, ObjectCommands::load)
                .handle(DH_OBJECT, USER).responseHandle().decrypt().encrypt().build());
        l.add(command(TpmCc.QUOTE, AttestationCommands::quote).handle(DH_OBJECT, USER).decrypt().encrypt().build());
        l.add(command(TpmCc.RSA_DECRYPT, AsymmetricCommands::rsaDecrypt)
                .handle(DH_OBJECT, USER).decrypt().encrypt().build());
        l.add(command(TpmCc.SIGN, SigningCommands::sign).handle(DH_OBJECT, USER).decrypt().build());
        l.add(command(TpmCc.UNSEAL, ObjectCommands::unseal).handle(DH_OBJECT, USER).encrypt().build());
        // no sessions, as libtpms: so a resource manager's ContextSave/ContextLoad leaves an audit
        // session exclusive
        l.add(command(TpmCc.CONTEXT_LOAD, ContextCommands::contextLoad).responseHandle().noSessions().build());
        l.add(command(TpmCc.CONTEXT_SAVE, ContextCommands::contextSave).handle(DH_CONTEXT, NONE).noSessions()
                .build());
        l.add(command(TpmCc.ECDH_KEYGEN, AsymmetricCommands::ecdhKeyGen).handle(DH_OBJECT, NONE).encrypt().build());
        l.add(command(TpmCc.ENCRYPT_DECRYPT, SymmetricCommands::encryptDecrypt)
                .handle(DH_OBJECT, USER).encrypt().build());
        l.add(command(TpmCc.LOAD_EXTERNAL, ObjectCommands::loadExternal)
                .responseHandle().decrypt().encrypt().build());
        l.add(command(TpmCc.READ_PUBLIC, ObjectCommands::readPublic).handle(DH_OBJECT, NONE).encrypt().build());
        l.add(command(TpmCc.RSA_ENCRYPT, AsymmetricCommands::rsaEncrypt)
                .handle(DH_OBJECT, NONE).decrypt().encrypt().build());
        l.add(command(TpmCc.START_AUTH_SESSION, SessionCommands::startAuthSession)
                .handle(DH_OBJECT_OR_NULL, NONE).handle(DH_ENTITY_OR_NULL, NONE)
                .responseHandle().decrypt().encrypt().build());
        l.add(command(TpmCc.ACTIVATE_CREDENTIAL, CredentialCommands::activateCredential)
                .handle(DH_OBJECT, ADMIN).handle(DH_OBJECT, USER).decrypt().encrypt().build());
        l.add(command(TpmCc.IMPORT, CredentialCommands::importObject)
                .handle(DH_OBJECT, USER).decrypt().encrypt().build());
        l.add(command(TpmCc.MAKE_CREDENTIAL, CredentialCommands::makeCredential)
                .handle(DH_OBJECT, NONE).decrypt().encrypt().build());
    }

    /** Policy commands, duplication and the rest. */
    private static void addPolicyAndDuplicationCommands(List<CommandSpec> l, PolicyAssertions policy) {
        l.add(command(TpmCc.POLICY_SIGNED, PolicyAuthorizations::policySigned)
                .handle(DH_OBJECT, NONE).handle(SH_POLICY, NONE).decrypt().encrypt().build());
        l.add(command(TpmCc.POLICY_SECRET, PolicyAuthorizations::policySecret)
                .handle(DH_ENTITY, USER).handle(SH_POLICY, NONE).decrypt().encrypt().build());
        l.add(command(TpmCc.POLICY_TICKET, PolicyAuthorizations::policyTicket).handle(SH_POLICY, NONE).decrypt().build());
        l.add(command(TpmCc.POLICY_OR, PolicyCombinations::policyOr).handle(SH_POLICY, NONE).build());
        l.add(command(TpmCc.POLICY_AUTHORIZE, PolicyCombinations::policyAuthorize)
                .handle(SH_POLICY, NONE).decrypt().build());
        l.add(command(TpmCc.POLICY_AUTHORIZE_NV, PolicyCombinations::policyAuthorizeNv)
                .handle(RH_NV_AUTH, USER).handle(RH_NV_INDEX, NONE).handle(SH_POLICY, NONE).build());
        l.add(command(TpmCc.POLICY_RESTART, PolicyCombinations::policyRestart).handle(SH_POLICY, NONE).build());
        l.add(command(TpmCc.POLICY_GET_DIGEST, PolicyCombinations::policyGetDigest)
                .handle(SH_POLICY, NONE).encrypt().build());
        l.add(command(TpmCc.POLICY_PCR, PolicyConditions::policyPcr).handle(SH_POLICY, NONE).decrypt().build());
        l.add(command(TpmCc.POLICY_NV, PolicyConditions::policyNv)
                .handle(RH_NV_AUTH, USER).handle(RH_NV_INDEX, NONE).handle(SH_POLICY, NONE).decrypt().build());
        l.add(command(TpmCc.POLICY_COUNTER_TIMER, PolicyConditions::policyCounterTimer)
                .handle(SH_POLICY, NONE).decrypt().build());
        l.add(command(TpmCc.POLICY_AUTH_VALUE, PolicyAssertions::policyAuthValue).handle(SH_POLICY, NONE).build());
        l.add(command(TpmCc.POLICY_PASSWORD, PolicyAssertions::policyPassword).handle(SH_POLICY, NONE).build());
        l.add(command(TpmCc.POLICY_COMMAND_CODE, policy::policyCommandCode).handle(SH_POLICY, NONE).build());
        l.add(command(TpmCc.POLICY_PHYSICAL_PRESENCE, PolicyAssertions::policyPhysicalPresence)
                .handle(SH_POLICY, NONE).build());
        l.add(command(TpmCc.POLICY_LOCALITY, PolicyAssertions::policyLocality).handle(SH_POLICY, NONE).build());
        l.add(command(TpmCc.POLICY_CP_HASH, PolicyAssertions::policyCpHash).handle(SH_POLICY, NONE).decrypt().build());
        l.add(command(TpmCc.POLICY_NAME_HASH, PolicyAssertions::policyNameHash)
                .handle(SH_POLICY, NONE).decrypt().build());
        l.add(command(TpmCc.POLICY_TEMPLATE, PolicyAssertions::policyTemplate)
                .handle(SH_POLICY, NONE).decrypt().build());
        l.add(command(TpmCc.POLICY_DUPLICATION_SELECT, PolicyAssertions::policyDuplicationSelect)
                .handle(SH_POLICY, NONE).decrypt().build());
        l.add(command(TpmCc.POLICY_NV_WRITTEN, PolicyAssertions::policyNvWritten).handle(SH_POLICY, NONE).build());
        l.add(command(TpmCc.DUPLICATE, DuplicationCommands::duplicate)
                .handle(DH_OBJECT, DUP).handle(DH_OBJECT_OR_NULL, NONE).decrypt().encrypt().build());
        l.add(command(TpmCc.ECC_PARAMETERS, AsymmetricCommands::eccParameters).build());
        l.add(command(TpmCc.REWRAP, DuplicationCommands::rewrap)
                .handle(DH_OBJECT_OR_NULL, USER).handle(DH_OBJECT_OR_NULL, NONE).decrypt().encrypt().build());
        l.add(command(TpmCc.HMAC_START, SigningCommands::hmacStart)
                .handle(DH_OBJECT, USER).responseHandle().decrypt().build());
        l.add(command(TpmCc.VERIFY_SIGNATURE, SigningCommands::verifySignature)
                .handle(DH_OBJECT, NONE).decrypt().build());
        l.add(command(TpmCc.CREATE_LOADED, ObjectCommands::createLoaded)
                .handle(DH_PARENT_OR_NULL, USER).responseHandle().decrypt().encrypt().build());
        l.add(command(TpmCc.ENCRYPT_DECRYPT2, SymmetricCommands::encryptDecrypt2)
                .handle(DH_OBJECT, USER).decrypt().encrypt().build());
        l.add(command(TpmCc.COMMIT, EphemeralCommands::commit).handle(DH_OBJECT, USER).decrypt().encrypt().build());
        l.add(command(TpmCc.ZGEN_2PHASE, AsymmetricCommands::zGen2Phase)
                .handle(DH_OBJECT, USER).decrypt().encrypt().build());
        l.add(command(TpmCc.EC_EPHEMERAL, EphemeralCommands::ecEphemeral).encrypt().build());
    }

    /** Command audit and the audit digests (Part 3, 18.5, 18.6, 21.2). */
    private static void addAuditCommands(List<CommandSpec> l, AuditCommands audit) {
        l.add(command(TpmCc.SET_COMMAND_CODE_AUDIT_STATUS, audit::setCommandCodeAuditStatus)
                .handle(RH_PROVISION, USER).nv().build());
        l.add(command(TpmCc.GET_COMMAND_AUDIT_DIGEST, AttestationCommands::getCommandAuditDigest)
                .handle(RH_ENDORSEMENT, USER).handle(DH_OBJECT_OR_NULL, USER).nv().decrypt().encrypt().build());
        l.add(command(TpmCc.GET_SESSION_AUDIT_DIGEST, AttestationCommands::getSessionAuditDigest)
                .handle(RH_ENDORSEMENT, USER).handle(DH_OBJECT_OR_NULL, USER).handle(SH_HMAC, NONE)
                .decrypt().encrypt().build());
    }

    /** NV storage (Part 3, 31). */
    private static void addNvCommands(List<CommandSpec> l) {
        l.add(command(TpmCc.NV_DEFINE_SPACE, NvCommands::defineSpace).handle(RH_PROVISION, USER).nv().decrypt().build());
        l.add(command(TpmCc.NV_UNDEFINE_SPACE, NvCommands::undefineSpace)
                .handle(RH_PROVISION, USER).handle(RH_NV_INDEX, NONE).nv().build());
        l.add(command(TpmCc.NV_UNDEFINE_SPACE_SPECIAL, NvCommands::undefineSpaceSpecial)
                .handle(RH_NV_INDEX, ADMIN).handle(RH_PLATFORM, USER).nv().build());
        l.add(command(TpmCc.NV_READ_PUBLIC, NvCommands::readPublic).handle(RH_NV_INDEX, NONE).encrypt().build());
        l.add(command(TpmCc.NV_WRITE, NvDataCommands::write)
                .handle(RH_NV_AUTH, USER).handle(RH_NV_INDEX, NONE).nv().decrypt().build());
        l.add(command(TpmCc.NV_INCREMENT, NvDataCommands::increment)
                .handle(RH_NV_AUTH, USER).handle(RH_NV_INDEX, NONE).nv().build());
        l.add(command(TpmCc.NV_EXTEND, NvDataCommands::extend)
                .handle(RH_NV_AUTH, USER).handle(RH_NV_INDEX, NONE).nv().decrypt().build());
        l.add(command(TpmCc.NV_SET_BITS, NvDataCommands::setBits)
                .handle(RH_NV_AUTH, USER).handle(RH_NV_INDEX, NONE).nv().build());
        l.add(command(TpmCc.NV_WRITE_LOCK, NvDataCommands::writeLock)
                .handle(RH_NV_AUTH, USER).handle(RH_NV_INDEX, NONE).nv().build());
        l.add(command(TpmCc.NV_GLOBAL_WRITE_LOCK, NvCommands::globalWriteLock).handle(RH_PROVISION, USER).nv().build());
        l.add(command(TpmCc.NV_READ, NvDataCommands::read)
                .handle(RH_NV_AUTH, USER).handle(RH_NV_INDEX, NONE).encrypt().build());
        l.add(command(TpmCc.NV_READ_LOCK, NvDataCommands::readLock)
                .handle(RH_NV_AUTH, USER).handle(RH_NV_INDEX, NONE).nv().build());
        l.add(command(TpmCc.NV_CHANGE_AUTH, NvCommands::changeAuth).handle(RH_NV_INDEX, ADMIN).nv().decrypt().build());
        l.add(command(TpmCc.NV_CERTIFY, AttestationCommands::nvCertify).handle(DH_OBJECT_OR_NULL, USER)
                .handle(RH_NV_AUTH, USER).handle(RH_NV_INDEX, NONE).decrypt().encrypt().build());
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
