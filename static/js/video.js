// Plays an embedded video in place when the reader asks; without JavaScript the link reloads the page with the player.
document.addEventListener("click", (event) => {
  const link = event.target.closest(".video__play[data-embed-url]");
  if (!link) return;
  event.preventDefault();
  const frame = document.createElement("iframe");
  frame.src = link.dataset.embedUrl;
  frame.title = link.dataset.videoTitle;
  frame.allow = "autoplay; fullscreen; picture-in-picture";
  frame.allowFullscreen = true;
  const wrapper = document.createElement("div");
  wrapper.className = "video__frame";
  wrapper.appendChild(frame);
  link.closest(".video__placeholder").replaceWith(wrapper);
  frame.focus();
});
