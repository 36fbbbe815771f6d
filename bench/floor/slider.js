// The floor page's one handler: the slider sets the bar's width.
const slider = document.querySelector('input'), bar = document.getElementById('bar');
slider.addEventListener('input', () => bar.setAttribute('width', String(slider.value / 4)));
