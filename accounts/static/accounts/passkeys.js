// After a passkey is registered, go on: to where the editor was going, or back to the list.
document.addEventListener("otp_webauthn.register_complete", () => {
  const next = document.querySelector("input[name='next']");
  window.location.assign(next && next.value ? next.value : window.location.pathname);
});
