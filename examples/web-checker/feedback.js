// What an officer hears and feels for each outcome, besides the word, icon and
// colour on screen: a distinct tone pattern and vibration pattern, and the
// decision spoken through the ARIA live region.
const TONES = {
  allow: [[880, 0.09], [1320, 0.14]],           // two rising beeps
  review: [[660, 0.1], [0, 0.06], [660, 0.1], [0, 0.06], [660, 0.1]], // three even beeps
  deny: [[220, 0.6]],                           // one long low buzz
};
const VIBRATION = { allow: [80], review: [80, 60, 80, 60, 80], deny: [400, 120, 400] };

let audio = null;

/** Creates the audio context; call from a user gesture (the start button). */
export function unlockAudio() {
  try {
    audio ??= new AudioContext();
    audio.resume();
  } catch { /* no audio: the screen and vibration still work */ }
}

function play(outcome) {
  if (!audio) return;
  let t = audio.currentTime;
  for (const [freq, length] of TONES[outcome]) {
    if (freq) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = outcome === "deny" ? "sawtooth" : "square";
      osc.frequency.value = freq;
      gain.gain.value = 0.2;
      osc.connect(gain).connect(audio.destination);
      osc.start(t);
      osc.stop(t + length);
    }
    t += length;
  }
}

/** Sound, vibration and the spoken announcement of an outcome. */
export function signal(outcome, spoken) {
  play(outcome);
  navigator.vibrate?.(VIBRATION[outcome]);
  const live = document.getElementById("announce");
  live.textContent = "";
  // A fresh text node, so screen readers announce a repeated outcome too.
  setTimeout(() => { live.textContent = spoken; }, 30);
}
