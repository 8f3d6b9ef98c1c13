<#-- Enrolment of a first second factor. Plain form posts, no script: the page works under a
     Content-Security-Policy without 'unsafe-inline' and without JavaScript. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayInfo=true; section>
    <#if section = "header">
        ${msg("palisadeChooseFactorTitle")}
    <#elseif section = "form">
        <p id="palisade-factor-intro">${msg("palisadeChooseFactorIntro")}</p>
        <form id="palisade-factor-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post"
              aria-describedby="palisade-factor-intro">
            <div class="${properties.kcFormGroupClass!} palisade-factor-choices" role="group"
                 aria-label="${msg("palisadeChooseFactorTitle")}">
                <button id="palisade-factor-passkey" class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}"
                        type="submit" name="factor" value="passkey" aria-describedby="palisade-factor-passkey-help">
                    ${msg("palisadeFactorPasskey")}
                </button>
                <p id="palisade-factor-passkey-help" class="palisade-factor-help">${msg("palisadeFactorPasskeyHelp")}</p>
                <button id="palisade-factor-otp" class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}"
                        type="submit" name="factor" value="otp" aria-describedby="palisade-factor-otp-help">
                    ${msg("palisadeFactorOtp")}
                </button>
                <p id="palisade-factor-otp-help" class="palisade-factor-help">${msg("palisadeFactorOtpHelp")}</p>
            </div>
        </form>
    <#elseif section = "info">
        ${msg("palisadeChooseFactorInfo")}
    </#if>
</@layout.registrationLayout>
