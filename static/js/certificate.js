// Shows the certificate's Print button and prints on click; without JavaScript the page says to use the browser's print menu.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
