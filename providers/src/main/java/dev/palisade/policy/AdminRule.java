package dev.palisade.policy;

import java.util.stream.Stream;

/** One area of the admin API (flows, clients, identity providers…) as the policy guards it. */
interface AdminRule {

  /** The refusals {@code request} earns; empty when it weakens nothing. */
  Stream<Refusal> check(AdminRequest request);
}
