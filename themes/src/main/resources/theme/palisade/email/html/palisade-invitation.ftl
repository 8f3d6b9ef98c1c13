<#import "template.ftl" as layout>
<@layout.emailLayout>
<#-- Every value is escaped: names and the tenant's display name come from admins. -->
<p>${msg("palisadeInvitationIntro", inviterName, tenantName, msg("palisadeInvitationRole." + role))}</p>
<p>${msg("palisadeInvitationSteps")}</p>
<p><a href="${link}">${msg("palisadeInvitationAction")}</a></p>
<p>${msg("palisadeInvitationExpiry", expiresAt)}</p>
<p>${msg("palisadeInvitationIgnore")}</p>
</@layout.emailLayout>
