<#ftl output_format="plainText">
${msg("palisadeInvitationBody", link, tenantName, inviterName, msg("palisadeInvitationRole." + role), expiresAt)}
