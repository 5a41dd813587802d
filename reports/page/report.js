// pantau report runner: registers the Indonesian ECharts locale, formats
// numbers the report's way and draws every chart from the JSON data block.
// It reads only the page itself; it never makes a network request.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('pantau-data').textContent);
  var id = data.lang !== 'en';
  document.documentElement.className += ' js';

  echarts.registerLocale('ID', {
    time: {
      month: ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'],
      monthAbbr: ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'],
      dayOfWeek: ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'],
      dayOfWeekAbbr: ['Min', 'Sen', 'Sel', 'Rab', 'Kam', 'Jum', 'Sab']
    },
    legend: { selector: { all: 'Semua', inverse: 'Balik' } },
    toolbox: {
      brush: { title: { rect: 'Pilih kotak', polygon: 'Pilih bebas', lineX: 'Pilih mendatar', lineY: 'Pilih tegak', keep: 'Pertahankan pilihan', clear: 'Hapus pilihan' } },
      dataView: { title: 'Tampilan data', lang: ['Tampilan data', 'Tutup', 'Muat ulang'] },
      dataZoom: { title: { zoom: 'Perbesar', back: 'Kembalikan' } },
      magicType: { title: { line: 'Garis', bar: 'Batang', stack: 'Tumpuk', tiled: 'Berdampingan' } },
      restore: { title: 'Kembalikan' },
      saveAsImage: { title: 'Simpan sebagai gambar', lang: ['Klik kanan untuk menyimpan gambar'] }
    },
    series: { typeNames: { pie: 'Diagram lingkaran', bar: 'Diagram batang', line: 'Diagram garis', scatter: 'Diagram pencar' } },
    aria: {
      general: { withTitle: 'Ini adalah grafik tentang "{title}"', withoutTitle: 'Ini adalah grafik' },
      series: { single: { prefix: '', withName: ' dengan jenis {seriesType} bernama {seriesName}.', withoutName: ' dengan jenis {seriesType}.' },
        multiple: { prefix: '. Terdiri atas {seriesCount} seri.', withName: ' Seri ke-{seriesId} adalah {seriesType} bernama {seriesName}.', withoutName: ' Seri ke-{seriesId} adalah {seriesType}.', separator: { middle: '', end: '' } } },
      data: { allData: 'Datanya: ', partialData: '{displayCnt} data pertama: ', withName: 'nilai {name} adalah {value}', withoutName: '{value}', separator: { middle: ', ', end: '. ' } }
    }
  });

  // number writes v like the report's tables: 1.234,5 (id) or 1,234.5 (en).
  function number(v, decimals) {
    if (v === null || v === undefined || v === '-' || isNaN(v)) { return '–'; }
    var s = Math.abs(v).toFixed(decimals);
    var parts = s.split('.');
    var int = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, id ? '.' : ',');
    var out = parts.length > 1 ? int + (id ? ',' : '.') + parts[1] : int;
    return (v < 0 && Number(s) !== 0 ? '−' : '') + out;
  }
  var formats = {
    count: function (v) { return number(v, 0); },
    decimal: function (v) { return number(v, 1); },
    share: function (v) { return v === null || v === undefined ? '–' : number(v * 100, 0) + '%'; },
    share1: function (v) { return v === null || v === undefined ? '–' : number(v * 100, 1) + '%'; }
  };
  function plain(v) { return Array.isArray(v) ? v[v.length - 1] : v; }

  // legendLayout: the legend (plain, not scrolling: arrows would hide
  // series on a phone and on paper) wraps onto the rows it needs at the
  // chart's width, and the plot moves down by the rows added. Rows are
  // counted as ECharts lays them out (icon 25, gap 5, the name at 12px,
  // item gap 10), with a margin: a row too many leaves a gap, a row too few
  // overlaps. It returns the grids to merge (tops are their tops for one
  // legend row) and the height the added rows take, which the chart grows
  // by so that the plot keeps its size.
  function legendLayout(o, tops, width) {
    var lg = o.legend;
    if (!lg || lg.show === false || !lg.data) { return null; }
    var rows = 1, x = 0;
    var ctx = document.createElement('canvas').getContext('2d');
    ctx.font = '12px sans-serif';
    lg.data.forEach(function (name) {
      var w = 25 + 5 + ctx.measureText(String(name)).width + 10;
      if (x > 0 && x + w > width - 50) { rows++; x = 0; }
      x += w;
    });
    return {
      extra: (rows - 1) * 26,
      option: { grid: tops.map(function (t) { return { top: t + (rows - 1) * 26 }; }) }
    };
  }

  data.charts.forEach(function (c) {
    var el = document.getElementById(c.id);
    if (!el) { return; }
    var o = c.options;
    var grids = Array.isArray(o.grid) ? o.grid : (o.grid ? [o.grid] : []);
    var tops = grids.map(function (g) { return parseInt(g.top, 10) || 0; });
    var axes = o.yAxis ? (Array.isArray(o.yAxis) ? o.yAxis : [o.yAxis]) : [];
    axes.forEach(function (axis, i) {
      var f = formats[(c.formats && c.formats[i]) || 'count'] || formats.count;
      var label = f;
      if ((c.formats && c.formats[i]) === 'share1') { label = formats.share; }
      axis.axisLabel = axis.axisLabel || {};
      axis.axisLabel.formatter = label;
    });
    (o.series || []).forEach(function (s) {
      var f = formats[(c.formats && c.formats[s.yAxisIndex || 0]) || 'count'] || formats.count;
      s.tooltip = s.tooltip || {};
      s.tooltip.valueFormatter = function (v) { return f(plain(v)); };
    });
    o.tooltip = o.tooltip || {};
    o.tooltip.renderMode = 'richText'; // drawn on the canvas: no HTML from data
    var chart = echarts.init(el, null, { locale: id ? 'ID' : 'EN', renderer: 'canvas' });
    chart.setOption(o);
    // Lay the legend out for the chart's width now and whenever it changes.
    var width = -1;
    function fit() {
      if (el.clientWidth === width) { chart.resize(); return; }
      width = el.clientWidth;
      var l = legendLayout(o, tops, width);
      if (l) {
        el.style.height = '';
        el.style.height = (el.clientHeight + l.extra) + 'px';
        chart.setOption(l.option);
      }
      chart.resize();
    }
    fit();
    window.addEventListener('resize', fit);
    window.addEventListener('beforeprint', fit);
  });
  // With the charts drawn, fold the data tables away (they stay one click
  // away); without JavaScript they stay open and are the report's charts.
  Array.prototype.forEach.call(document.querySelectorAll('details.data'), function (d) { d.open = false; });
})();
